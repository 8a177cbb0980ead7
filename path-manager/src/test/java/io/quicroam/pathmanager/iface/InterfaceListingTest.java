package io.quicroam.pathmanager.iface;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceListingTest {
    @Test
    void listsEveryInterfaceAndEveryChangeIncludingExcludedOnes() throws Exception {
        VirtualTime time = new VirtualTime();
        SimulatedMonitor monitor = new SimulatedMonitor(time.clock());
        InterfaceListing listing = new InterfaceListing(InterfacePolicies.defaults(), monitor.classifier());
        List<InterfaceListing.ChangeRecord> changes = new ArrayList<>();
        monitor.start(c -> changes.add(listing.apply(c)));
        monitor.addUp("wlan0", InterfaceClass.WIFI, InetAddress.getByName("198.18.0.2"));
        monitor.addUp("docker0", InterfaceClass.VIRTUAL, InetAddress.getByName("172.17.0.1"));
        monitor.linkDown("wlan0");

        assertThat(changes)
                .extracting(InterfaceListing.ChangeRecord::kind)
                .containsExactly("added", "up", "address-added", "added", "up", "address-added", "down");
        assertThat(changes.get(2).usable()).isTrue();
        assertThat(changes.get(5).usable()).isFalse();
        assertThat(changes.get(2).toMap())
                .containsEntry("time", "2025-01-01T00:00:00Z")
                .containsEntry("interface", "wlan0")
                .containsEntry("kind", "address-added")
                .containsEntry("class", "wifi")
                .containsEntry("usable", true);
        assertThat(changes.get(6).format()).isEqualTo("2025-01-01T00:00:00Z wlan0 down (wifi, not usable)");

        List<InterfaceListing.InterfaceRecord> list = listing.interfaces();
        assertThat(list).extracting(InterfaceListing.InterfaceRecord::name).containsExactly("wlan0", "docker0");
        assertThat(list.get(0).toMap())
                .containsEntry("usable", false)
                .containsEntry("reason", "no carrier")
                .containsEntry("carrier", false);
        assertThat(list.get(1).toMap())
                .containsEntry("class", "virtual")
                .containsEntry("usable", false)
                .containsEntry("reason", "virtual interfaces are excluded by default");
        assertThat(list.get(1).format()).contains("docker0").contains("virtual").contains("172.17.0.1");
    }
}
