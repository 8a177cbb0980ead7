package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.transport.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the agent takes from the proxy's ADDRESS_ASSIGN and ROUTE_ADVERTISEMENT (RFC 9484 §4.7), what it counts. */
class AssignmentPolicyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AgentMetrics metrics = new AgentMetrics(registry);
    private final long[] now = {0};
    private final RateLimitedLog logLimit = new RateLimitedLog(() -> now[0], Duration.ofMinutes(1));

    private AssignmentPolicy policy(int maxRoutes, boolean allowDefaultRoute) {
        return new AssignmentPolicy(
                new TunnelConfig("qr0", 1280, List.of(), List.of(), maxRoutes, allowDefaultRoute),
                metrics::refused,
                logLimit);
    }

    private double refused(String reason) {
        return registry.get("quicroam_agent_assignment_refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void oneUsableAddressPerFamilyIsKept() {
        List<AssignedAddress> offered = List.of(
                address(1, "0.0.0.0/0"),
                address(2, "127.0.0.1/32"),
                address(3, "100.64.0.7/32"),
                address(4, "100.64.0.8/32"),
                address(5, "ff02::1/128"),
                address(6, "fd7a::7/128"),
                address(7, "fd7a::8/128"),
                AssignedAddress.rejection(8, 4));

        List<AssignedAddress> kept = policy(1024, true).addresses(offered);

        assertThat(kept)
                .extracting(AssignedAddress::prefix)
                .containsExactly(IpPrefix.parse("100.64.0.7/32"), IpPrefix.parse("fd7a::7/128"));
        assertThat(refused("unusable-address")).as("/0, loopback, multicast").isEqualTo(3);
        assertThat(refused("extra-address")).isEqualTo(2);
    }

    @Test
    void routesBeyondTheCapAreRefusedAndCounted() {
        List<IpAddressRange> advertised = new ArrayList<>();
        for (int i = 0; i < 6000; i++) { // about what a 64 KiB ROUTE_ADVERTISEMENT holds
            advertised.add(range(
                    "10." + (i / 256 % 256) + "." + (i % 256) + ".0",
                    "10." + (i / 256 % 256) + "." + (i % 256) + ".255"));
        }

        List<IpAddressRange> kept = policy(1024, true).routes(advertised);

        assertThat(kept).hasSize(1024).isEqualTo(advertised.subList(0, 1024));
        assertThat(refused("too-many-routes")).isEqualTo(6000 - 1024);
    }

    @Test
    void theDefaultRouteIsRefusedUnlessAllowed() {
        List<IpAddressRange> advertised = List.of(
                range("0.0.0.0", "255.255.255.255"),
                range("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                range("198.51.100.0", "198.51.100.255"),
                range("0.0.0.0", "127.255.255.255"));

        assertThat(policy(1024, true).routes(advertised))
                .as("allowed (the default)")
                .isEqualTo(advertised);
        assertThat(refused("default-route")).isZero();

        List<IpAddressRange> kept = policy(1024, false).routes(advertised);
        assertThat(kept).as("IPv4 is covered whole: all of it goes; IPv6 too").isEmpty();
        assertThat(refused("default-route")).isEqualTo(4);
    }

    @Test
    void theDefaultRouteSplitInHalvesIsStillTheDefaultRoute() {
        List<IpAddressRange> halves = List.of(
                range("0.0.0.0", "127.255.255.255"),
                range("128.0.0.0", "255.255.255.255"),
                range("2001:db8::", "2001:db8::ffff"));

        List<IpAddressRange> kept = policy(1024, false).routes(halves);

        assertThat(kept).as("the narrower IPv6 route stays").containsExactly(halves.get(2));
        assertThat(refused("default-route")).isEqualTo(2);
        assertThat(policy(1024, false).routes(halves.subList(0, 1)))
                .as("one half alone is a route like any")
                .containsExactly(halves.get(0));
    }

    @Test
    void theAdvertisedDefaultRouteNeverCoversTheGatewayNorAConnectedSubnet() {
        List<IpAddressRange> everything = List.of(range("0.0.0.0", "255.255.255.255"));
        List<IpPrefix> connected = ConnectedSubnets.parse("""
                1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
                2: wlan0@if7    inet 192.168.1.20/24 brd 192.168.1.255 scope global wlan0\\       valid_lft forever
                3: qr0    inet 100.64.0.7/32 scope global qr0\\       valid_lft forever preferred_lft forever
                2: wlan0    inet6 fe80::1c2:3ff:fe04:506/64 scope link \\       valid_lft forever preferred_lft forever
                """, "qr0");
        assertThat(connected)
                .containsExactly(
                        IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("192.168.1.0/24"), IpPrefix.parse("fe80::/64"));

        List<IpPrefix> routes = RoutePrefixes.of(
                policy(1024, true).routes(everything), List.of(), connected, List.of(IpAddresses.parse("203.0.113.9")));

        for (String outside : new String[] {"203.0.113.9", "192.168.1.1", "192.168.1.254", "127.0.0.1"}) {
            assertThat(routes).as(outside).noneMatch(p -> p.contains(IpAddresses.parse(outside)));
        }
        for (String inside : new String[] {"203.0.113.8", "192.168.2.1", "8.8.8.8"}) {
            assertThat(routes).as(inside).anyMatch(p -> p.contains(IpAddresses.parse(inside)));
        }
    }

    @Test
    void refusalsAreLoggedAtMostOnceAMinuteButAllCounted() {
        AssignmentPolicy policy = policy(1, true);
        List<IpAddressRange> two = List.of(range("10.0.0.0", "10.0.0.255"), range("10.0.1.0", "10.0.1.255"));
        for (int i = 0; i < 100; i++) {
            policy.routes(two);
        }
        assertThat(refused("too-many-routes")).isEqualTo(100);
        assertThat(logLimit.tryLog())
                .as("the log line was spent; 99 suppressed ones are behind it")
                .isEqualTo(-1);
        now[0] += Duration.ofMinutes(1).toNanos();
        assertThat(logLimit.tryLog()).isEqualTo(100);
    }

    private static AssignedAddress address(long requestId, String prefix) {
        return new AssignedAddress(requestId, IpPrefix.parse(prefix));
    }

    private static IpAddressRange range(String start, String end) {
        return new IpAddressRange(IpAddresses.parse(start), IpAddresses.parse(end), 0);
    }
}
