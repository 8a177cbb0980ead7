package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteAdvertisementsTest {

    @Test
    void configuredPrefixesBecomeOrderedNonOverlappingRanges() {
        // RFC 9484 §4.7.3: ordered by version, protocol, start; no overlaps. Out of order and overlapping on purpose.
        RouteAdvertisement advertisement = RouteAdvertisements.of(List.of(
                IpPrefix.parse("2001:db8::/32"),
                IpPrefix.parse("198.19.0.0/24"),
                IpPrefix.parse("10.0.0.0/8"),
                IpPrefix.parse("198.19.0.128/25"),
                IpPrefix.parse("10.1.0.0/16")));
        assertThat(advertisement.ranges())
                .extracting(RouteAdvertisementsTest::text)
                .containsExactly(
                        "10.0.0.0-10.255.255.255",
                        "198.19.0.0-198.19.0.255",
                        "2001:db8:0:0:0:0:0:0-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    @Test
    void adjacentPrefixesMergeIntoOneRangeButAGapKeepsThemApart() {
        RouteAdvertisement advertisement = RouteAdvertisements.of(List.of(
                IpPrefix.parse("192.0.2.128/25"), IpPrefix.parse("192.0.2.0/25"), IpPrefix.parse("192.0.4.0/24")));
        assertThat(advertisement.ranges())
                .extracting(RouteAdvertisementsTest::text)
                .containsExactly("192.0.2.0-192.0.2.255", "192.0.4.0-192.0.4.255");
    }

    @Test
    void everyRangeAllowsAnyProtocolAndIpv6FollowsIpv4() {
        RouteAdvertisement advertisement =
                RouteAdvertisements.of(List.of(IpPrefix.parse("::/0"), IpPrefix.parse("0.0.0.0/0")));
        assertThat(advertisement.ranges()).extracting(IpAddressRange::ipVersion).containsExactly(4, 6);
        assertThat(advertisement.ranges())
                .extracting(IpAddressRange::ipProtocol)
                .containsOnly(0);
        assertThat(advertisement.ranges())
                .extracting(RouteAdvertisementsTest::text)
                .containsExactly("0.0.0.0-255.255.255.255", "0:0:0:0:0:0:0:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    @Test
    void noPrefixesWithdrawEveryRoute() {
        assertThat(RouteAdvertisements.of(List.of()).ranges()).isEmpty();
    }

    private static String text(IpAddressRange range) {
        return range.start().getHostAddress() + "-" + range.end().getHostAddress();
    }
}
