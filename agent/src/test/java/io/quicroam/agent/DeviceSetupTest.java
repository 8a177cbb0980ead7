package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.time.VirtualTime;
import io.quicroam.transport.RateLimitedLog;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The device's first configuration carries the proxy's routes with its addresses, so nothing is sent into the tunnel
 * before the answers are admitted; a proxy that advertises no routes still gets its addresses applied. Virtual time.
 */
class DeviceSetupTest {
    private final VirtualTime time = new VirtualTime();
    private final List<TunnelAssignment> applied = new ArrayList<>();
    private final TunnelDevice device = new TunnelDevice() {
        @Override
        public void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) {
            applied.add(assignment);
        }

        @Override
        public void mtu(int value) {}

        @Override
        public void close() {}
    };
    private final DeviceSetup setup = new DeviceSetup(
            device,
            List::of,
            List.of(),
            new AssignmentPolicy(
                    new TunnelConfig("qr0", 1280, List.of(), List.of(), 100, true),
                    reason -> {},
                    new RateLimitedLog(time::nanos, Duration.ofMinutes(1))),
            time);

    private static final List<AssignedAddress> ADDRESS = List.of(new AssignedAddress(0, IpPrefix.parse("100.64.0.2")));
    private static final List<IpAddressRange> ROUTE =
            List.of(new IpAddressRange(IpAddresses.parse("198.51.100.0"), IpAddresses.parse("198.51.100.255"), 0));

    @Test
    void theFirstConfigurationHasTheRoutesThatFollowTheAddresses() {
        setup.assigned(ADDRESS);
        assertThat(setup.first()).as("no routes yet").isNotDone();
        time.advance(Duration.ofMillis(5));
        setup.routed(ROUTE);

        assertThat(setup.first()).isCompleted();
        assertThat(setup.first().join().routes()).isEqualTo(ROUTE);
        time.advance(Duration.ofSeconds(5));
        assertThat(applied).as("one device change, with both").hasSize(1);
    }

    @Test
    void routesBeforeAddressesApplyWithThem() {
        setup.routed(ROUTE);
        setup.assigned(ADDRESS);

        assertThat(setup.first().join()).isEqualTo(new TunnelAssignment(ADDRESS, ROUTE));
    }

    @Test
    void aProxyThatAdvertisesNoRoutesGetsItsAddressesAppliedAfterAWait() {
        setup.assigned(ADDRESS);
        time.advance(DeviceSetup.FIRST_ROUTES_WAIT.minusMillis(1));
        assertThat(setup.first()).isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThat(setup.first().join()).isEqualTo(new TunnelAssignment(ADDRESS, List.of()));
        setup.routed(ROUTE);
        assertThat(applied).as("later routes apply at once").last().isEqualTo(new TunnelAssignment(ADDRESS, ROUTE));
    }
}
