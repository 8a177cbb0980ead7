package io.quicroam.gateway;

import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteAdvertisementTest {

    @Test
    void configuredPrefixesBecomeOrderedNonOverlappingRanges() {
        // RFC 9484 §4.7.3: ordered by version, protocol, start; no overlaps. Out of order and overlapping on purpose.
        RouteAdvertisement advertisement = Gateway.advertisement(List.of(IpPrefix.parse("2001:db8::/32"),
                IpPrefix.parse("198.19.0.0/24"), IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("198.19.0.128/25"),
                IpPrefix.parse("10.1.0.0/16")));
        assertThat(advertisement.ranges()).extracting(RouteAdvertisementTest::text).containsExactly(
                "10.0.0.0-10.255.255.255", "198.19.0.0-198.19.0.255", "2001:db8:0:0:0:0:0:0-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    private static String text(IpAddressRange range) {
        return range.start().getHostAddress() + "-" + range.end().getHostAddress();
    }
}
