package io.quicroam.pathmanager.iface;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PollingMonitorTest {
    @Test
    void reportsTheCurrentStateBeforeStartReturns() throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.2");
        List<ChangeDetector.LinkSnapshot> snapshot =
                List.of(new ChangeDetector.LinkSnapshot(2, "eth0", true, Set.of(a)));
        List<String> events = new ArrayList<>();
        try (PollingMonitor m =
                new PollingMonitor(Duration.ofHours(1), Clock.systemUTC(), new NameClassifier(), () -> snapshot)) {
            m.start(c -> events.add(c.name() + " " + c.kind().label()));
            assertThat(events).containsExactly("eth0 added", "eth0 up", "eth0 address-added");
        }
    }

    @Test
    void readsThisHostsInterfaces() throws Exception {
        List<NetworkChange> events = new ArrayList<>();
        try (PollingMonitor m = new PollingMonitor(Duration.ofHours(1), Clock.systemUTC(), new NameClassifier())) {
            m.start(events::add);
        }
        // Every host has a loopback interface, and it is up.
        assertThat(events)
                .anyMatch(e -> e.kind() == NetworkChange.Kind.ADDED && e.name().startsWith("lo"));
    }
}
