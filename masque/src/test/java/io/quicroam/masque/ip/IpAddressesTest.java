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
}
