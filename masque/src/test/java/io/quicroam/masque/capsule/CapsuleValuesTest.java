package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpProtocol;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RFC 9484 §4.7 rules enforced when a capsule value is built locally (before it is encoded). */
class CapsuleValuesTest {

    @Test
    void prefixLengthAndHostBitsAreChecked() {
        assertThatThrownBy(() -> new IpPrefix(ip("10.0.0.0"), 33)).hasMessageContaining("prefix length 33");
        assertThatThrownBy(() -> new IpPrefix(ip("10.0.0.0"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpPrefix(ip("fd00::1"), 64)).hasMessageContaining("beyond the prefix length");
        assertThat(new IpPrefix(ip("0.0.0.0"), 0).contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void prefixParsesTargetSyntax() {
        assertThat(IpPrefix.parse("192.0.2.0/24")).isEqualTo(new IpPrefix(ip("192.0.2.0"), 24));
        assertThat(IpPrefix.parse("2001:db8::42")).isEqualTo(new IpPrefix(ip("2001:db8::42"), 128));
        assertThat(IpPrefix.parse("192.0.2.0/24").toString()).isEqualTo("192.0.2.0/24");
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.0/024")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.parse("192.0.2.1/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixContainsOnlyItsOwnFamilyAndBits() {
        IpPrefix prefix = IpPrefix.parse("100.64.0.0/10");
        assertThat(prefix.contains(ip("100.127.255.255"))).isTrue();
        assertThat(prefix.contains(ip("100.128.0.0"))).isFalse();
        assertThat(prefix.contains(ip("::ffff:100.64.0.1"))).isFalse();
        assertThat(IpPrefix.parse("fd00:89::/32").contains(ip("fd00:89:1::5"))).isTrue();
    }

    @Test
    void rejectionEntryIsAllZeroWithMaximumLength() {
        assertThat(AssignedAddress.rejection(7, 4).prefix()).isEqualTo(IpPrefix.parse("0.0.0.0/32"));
        assertThat(AssignedAddress.rejection(7, 6).isRejection()).isTrue();
        assertThat(new AssignedAddress(7, IpPrefix.parse("0.0.0.0/0")).isRejection())
                .isFalse();
    }

    @Test
    void addressRequestNeedsEntriesWithDistinctNonZeroIds() {
        IpPrefix any = IpPrefix.parse("0.0.0.0/32");
        assertThatThrownBy(() -> new AddressRequest(List.of())).hasMessageContaining("zero Requested Addresses");
        assertThatThrownBy(() -> new RequestedAddress(0, any)).hasMessageContaining("non-zero");
        assertThatThrownBy(
                        () -> new AddressRequest(List.of(new RequestedAddress(3, any), new RequestedAddress(3, any))))
                .hasMessageContaining("used twice");
    }

    @Test
    void rangeEndsMustBeOrderedAndOfOneVersion() {
        assertThatThrownBy(() -> new IpAddressRange(ip("10.0.0.2"), ip("10.0.0.1"), 0))
                .hasMessageContaining("greater");
        assertThatThrownBy(() -> new IpAddressRange(ip("10.0.0.1"), ip("fd00::1"), 0))
                .hasMessageContaining("different IP versions");
        assertThatThrownBy(() -> new IpAddressRange(ip("10.0.0.1"), ip("10.0.0.1"), 256))
                .hasMessageContaining("IP Protocol");
        // unsigned comparison: 128.0.0.0 is above 127.255.255.255
        assertThat(new IpAddressRange(ip("127.255.255.255"), ip("128.0.0.0"), 0).ipVersion())
                .isEqualTo(4);
    }

    @Test
    void rangeContainsHonoursProtocolAndAlwaysAllowsIcmp() {
        IpAddressRange udpOnly = new IpAddressRange(ip("198.51.100.2"), ip("198.51.100.2"), IpProtocol.UDP);
        assertThat(udpOnly.contains(ip("198.51.100.2"), IpProtocol.UDP)).isTrue();
        assertThat(udpOnly.contains(ip("198.51.100.2"), IpProtocol.TCP)).isFalse();
        assertThat(udpOnly.contains(ip("198.51.100.2"), IpProtocol.ICMP)).isTrue(); // RFC 9484 §4.7.3
        assertThat(udpOnly.contains(ip("198.51.100.3"), IpProtocol.UDP)).isFalse();
        IpAddressRange any6 = new IpAddressRange(ip("2001:db8::"), ip("2001:db8::ffff"), 0);
        assertThat(any6.contains(ip("2001:db8::42"), IpProtocol.TCP)).isTrue();
        assertThat(any6.contains(ip("10.0.0.1"), IpProtocol.TCP)).isFalse();
    }

    @Test
    void rfc9484SplitTunnelExampleIsAValidAdvertisement() {
        // RFC 9484 §8.1 Figure 16: 192.0.2.0-192.0.2.41 and 192.0.2.43-192.0.2.255, any protocol
        RouteAdvertisement ra = new RouteAdvertisement(List.of(
                new IpAddressRange(ip("192.0.2.0"), ip("192.0.2.41"), 0),
                new IpAddressRange(ip("192.0.2.43"), ip("192.0.2.255"), 0)));
        assertThat(ra.ranges()).hasSize(2);
        assertThatThrownBy(() -> new RouteAdvertisement(
                        List.of(ra.ranges().get(1), ra.ranges().get(0))))
                .hasMessageContaining("out of order");
    }

    @Test
    void protocolSpecificRangesMayOverlapEachOtherButNotAnAnyRange() {
        // 17 and 6 over the same addresses: allowed (different protocols)
        new RouteAdvertisement(List.of(
                new IpAddressRange(ip("10.0.0.0"), ip("10.0.0.255"), 6),
                new IpAddressRange(ip("10.0.0.0"), ip("10.0.0.255"), 17)));
        // an any-range elsewhere in the same version is fine
        new RouteAdvertisement(List.of(
                new IpAddressRange(ip("10.0.1.0"), ip("10.0.1.255"), 0),
                new IpAddressRange(ip("10.0.0.0"), ip("10.0.0.255"), 17)));
        // a protocol range covering two any-ranges and the gap between them overlaps the second
        assertThatThrownBy(() -> new RouteAdvertisement(List.of(
                        new IpAddressRange(ip("10.0.0.0"), ip("10.0.0.9"), 0),
                        new IpAddressRange(ip("10.0.0.20"), ip("10.0.0.29"), 0),
                        new IpAddressRange(ip("10.0.0.10"), ip("10.0.0.25"), 17))))
                .hasMessageContaining("overlaps range 1");
    }

    private static InetAddress ip(String literal) {
        return IpAddresses.parse(literal);
    }
}
