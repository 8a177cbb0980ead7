package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Split tunnelling: advertised routes, narrowed by include, minus exclude and the gateway, as prefixes. */
class RoutePrefixesTest {
    private static final IpAddressRange ALL_V4 = range("0.0.0.0", "255.255.255.255");
    private static final IpAddressRange ALL_V6 = range("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    @Test
    void fullTunnelLeavesOutOnlyTheGateway() {
        List<IpPrefix> routes =
                RoutePrefixes.of(List.of(ALL_V4, ALL_V6), List.of(), List.of(), List.of(ip("198.18.0.1")));

        // 0.0.0.0/0 without one address is 32 prefixes: /1 ... /32; IPv6 stays whole.
        assertThat(routes)
                .filteredOn(p -> !p.isIpv6())
                .hasSize(32)
                .noneMatch(p -> p.contains(ip("198.18.0.1")))
                .anyMatch(p -> p.contains(ip("198.18.0.0")))
                .anyMatch(p -> p.contains(ip("198.18.0.2")));
        assertThat(routes).filteredOn(IpPrefix::isIpv6).containsExactly(IpPrefix.parse("::/0"));
    }

    @Test
    void includeNarrowsTheAdvertisedRoutesAndOtherFamiliesGetNone() {
        List<IpPrefix> routes = RoutePrefixes.of(
                List.of(ALL_V4, ALL_V6),
                List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("192.168.10.0/24")),
                List.of(),
                List.of());

        assertThat(routes).containsExactly(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("192.168.10.0/24"));
    }

    @Test
    void includeNeverWidensWhatTheGatewayAdvertises() {
        List<IpPrefix> routes = RoutePrefixes.of(
                List.of(range("10.1.0.0", "10.1.255.255")),
                List.of(IpPrefix.parse("10.0.0.0/8")),
                List.of(),
                List.of());

        assertThat(routes).containsExactly(IpPrefix.parse("10.1.0.0/16"));
    }

    @Test
    void excludeWinsOverInclude() {
        List<IpPrefix> routes = RoutePrefixes.of(
                List.of(ALL_V4),
                List.of(IpPrefix.parse("10.0.0.0/8")),
                List.of(IpPrefix.parse("10.128.0.0/9")),
                List.of());

        assertThat(routes).containsExactly(IpPrefix.parse("10.0.0.0/9"));
    }

    @Test
    void excludedLocalNetworkAndIpv6PrefixStayOutOfTheTunnel() {
        List<IpPrefix> routes = RoutePrefixes.of(
                List.of(ALL_V4, ALL_V6),
                List.of(),
                List.of(IpPrefix.parse("192.168.0.0/16"), IpPrefix.parse("8000::/1")),
                List.of(ip("2001:db8::1")));

        assertThat(routes)
                .noneMatch(p -> p.contains(ip("192.168.1.1")))
                .anyMatch(p -> p.contains(ip("192.167.255.255")))
                .noneMatch(p -> p.contains(ip("ffff::1")))
                .noneMatch(p -> p.contains(ip("2001:db8::1")))
                .anyMatch(p -> p.contains(ip("2001:db8::2")));
    }

    @Test
    void excludingEverythingLeavesNoRoute() {
        assertThat(RoutePrefixes.of(List.of(ALL_V4), List.of(), List.of(IpPrefix.parse("0.0.0.0/0")), List.of()))
                .isEmpty();
    }

    @Provide
    Arbitrary<InetAddress> v4() {
        // Addresses drawn near the interesting edges as well as anywhere.
        return Arbitraries.oneOf(
                Arbitraries.integers().map(RoutePrefixesTest::v4),
                Arbitraries.integers().between(0x0A000000 - 4, 0x0A000000 + 4).map(RoutePrefixesTest::v4),
                Arbitraries.integers().between(0x0A7FFFFF - 4, 0x0A800000 + 4).map(RoutePrefixesTest::v4),
                Arbitraries.integers().between(0xC6120001 - 4, 0xC6120001 + 4).map(RoutePrefixesTest::v4));
    }

    @Property(tries = 500)
    void anAddressUsesTheTunnelExactlyWhenTheRulesSaySo(@ForAll("v4") InetAddress destination) {
        List<IpAddressRange> advertised =
                List.of(range("0.0.0.0", "10.200.0.0"), range("172.16.0.0", "198.18.255.255"));
        List<IpPrefix> include = List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("192.0.0.0/3"));
        List<IpPrefix> exclude = List.of(IpPrefix.parse("10.128.0.0/9"), IpPrefix.parse("192.168.0.0/16"));
        InetAddress gateway = ip("198.18.0.1");

        List<IpPrefix> routes = RoutePrefixes.of(advertised, include, exclude, List.of(gateway));

        boolean expected = advertised.stream().anyMatch(r -> r.contains(destination, 0))
                && include.stream().anyMatch(p -> p.contains(destination))
                && exclude.stream().noneMatch(p -> p.contains(destination))
                && !destination.equals(gateway);
        assertThat(routes.stream().filter(p -> p.contains(destination)).count()).isEqualTo(expected ? 1 : 0);
    }

    private static InetAddress v4(int value) {
        return IpAddresses.fromBytes(
                new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static IpAddressRange range(String start, String end) {
        return new IpAddressRange(ip(start), ip(end), 0);
    }

    private static InetAddress ip(String literal) {
        return IpAddresses.parse(literal);
    }
}
