package io.quicroam.pathmanager.iface;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {
    private final List<String> events = new ArrayList<>();
    private final ChangeDetector detector = new ChangeDetector(
            new VirtualTime().clock(),
            c -> events.add(c.name() + " " + c.kind().label()
                    + c.addresses().stream().map(a -> " " + a.getHostAddress()).reduce("", String::concat)));

    @Test
    void repeatedStateIsReportedOnce() {
        detector.link(2, "eth0", true);
        detector.link(2, "eth0", true);
        detector.link(2, "eth0", false);
        assertThat(events).containsExactly("eth0 added", "eth0 up", "eth0 down");
    }

    @Test
    void renameIsRemovalAndAddition() {
        detector.link(2, "eth0", false);
        detector.link(2, "lan0", false);
        assertThat(events).containsExactly("eth0 added", "eth0 removed", "lan0 added");
    }

    @Test
    void snapshotsReportOnlyDifferencesIncludingRemovals() throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.2");
        InetAddress b = InetAddress.getByName("198.18.0.3");
        detector.snapshot(List.of(
                new ChangeDetector.LinkSnapshot(2, "eth0", true, Set.of(a)),
                new ChangeDetector.LinkSnapshot(3, "wlan0", false, Set.of())));
        events.clear();
        detector.snapshot(List.of(new ChangeDetector.LinkSnapshot(2, "eth0", true, Set.of(b))));
        assertThat(events)
                .containsExactly("eth0 address-removed 198.18.0.2", "eth0 address-added 198.18.0.3", "wlan0 removed");
    }

    @Test
    void addressesOfUnknownLinksAndRoutesAreIgnored() throws Exception {
        detector.address(9, InetAddress.getByName("198.18.0.2"), true);
        detector.defaultRoute(9, null);
        assertThat(events).isEmpty();
    }
}
