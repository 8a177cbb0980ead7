package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "192.0.2.1",
                "255.255.255.255",
                "::",
                "::1",
                "2001:db8::42",
                "fd00:89::ffff:ffff:ffff:ffff",
                "1:2:3:4:5:6:7:8",
                "1::",
                "::ffff:192.0.2.1",
                "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:1.2.3.4",
                "FD00::A"
            })
    void parsesLiterals(String literal) throws UnknownHostException {
        // the JDK agrees on the bytes (literals only: the JDK does not resolve these)
        assertThat(IpAddresses.parseLiteral(literal))
                .isEqualTo(
                        InetAddress.getByName(literal).getAddress().length == 4 && literal.contains(":")
                                ? ipv4Mapped(InetAddress.getByName(literal).getAddress())
                                : InetAddress.getByName(literal).getAddress());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "01.2.3.4",
                "1.2.3.-4",
                "a.b.c.d",
                "example.com",
                "1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                ":::",
                "1:::2",
                ":1::",
                "1::2:",
                "12345::",
                "g::",
                "::1.2.3",
                "1.2.3.4::",
                "[::1]",
                "fe80::1%eth0",
                "1:2:3:4:5:6:7::8"
            })
    void rejectsNonLiterals(String text) {
        assertThat(IpAddresses.parseLiteral(text)).isNull();
    }

    @Property
    void ipv6TextRoundTrips(@ForAll @Size(16) byte[] bytes) {
        InetAddress address = IpAddresses.fromBytes(bytes);
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.parseLiteral(address.getHostAddress())).isEqualTo(bytes);
    }

    private static byte[] ipv4Mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "0:0:0:0:0:0:0:1,                        ::1",
        "0:0:0:0:0:0:0:0,                        ::",
        "2001:DB8:0:0:0:0:0:1,                   2001:db8::1",
        "2001:db8:0:0:1:0:0:1,                   2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1,                   2001:db8:0:1:1:1:1:1",
        "2001:0db8:0000:0000:0001:0000:0000:0000, 2001:db8:0:0:1::",
        "fe80:0:0:0:8c90:12ff:fe34:5678,         fe80::8c90:12ff:fe34:5678",
        "192.0.2.1,                              192.0.2.1",
    })
    void formatsAsRfc5952Says(String literal, String expected) {
        assertThat(IpAddresses.format(IpAddresses.parse(literal))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anIpv4MappedAddressKeepsItsDottedQuad() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        assertThat(IpAddresses.format(IpAddresses.fromBytes(mapped))).isEqualTo("::ffff:192.0.2.1");
    }

    /** Netty's RFC 5952 writer as an independent oracle, on any address but the IPv4-mapped ones (§5, above). */
    @Property
    void agreesWithNettyAndParsesBack(@ForAll @Size(16) byte[] bytes) throws UnknownHostException {
        bytes[10] = (byte) (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff ? 0 : bytes[10]);
        InetAddress address = IpAddresses.fromBytes(bytes);
        String text = IpAddresses.format(address);

        assertThat(text).isEqualTo(io.netty.util.NetUtil.toAddressString(address));
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(bytes);
    }
}
