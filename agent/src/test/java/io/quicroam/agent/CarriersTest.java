package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which paths carry traffic, and the handovers between them (paths without connections: no network). */
class CarriersTest {
    private final HandoverLog handovers = new HandoverLog(new VirtualTime(), System::nanoTime, List.of());
    private final List<String> movedTo = new ArrayList<>();
    private final Carriers carriers = new Carriers(handovers, next -> movedTo.add(next.interfaceName()));

    private static AgentPath path(String name) throws UnknownHostException {
        InetAddress local = InetAddress.getByName("192.0.2.1");
        NetInterface ni = new NetInterface(name, 2, InterfaceClass.WIFI, true, List.of(local));
        return new AgentPath(new PathId(name, local, new InetSocketAddress("192.0.2.9", 443)), ni, null);
    }

    private List<String> moves() {
        return handovers.snapshot().stream()
                .map(h -> h.from() + ">" + h.to() + ":" + h.trigger())
                .toList();
    }

    @Test
    void theFirstOpenPathCarriesUntilTheFirstDecision() throws Exception {
        AgentPath wlan = path("wlan0");
        carriers.opened(wlan, "path-reopened");
        carriers.opened(path("wwan0"), "path-reopened");

        assertThat(carriers.active()).containsExactly(wlan);
        assertThat(carriers.primary()).isSameAs(wlan);
        assertThat(moves()).isEmpty(); // nothing carried before: no handover
    }

    @Test
    void aDecisionMovesTrafficAndTellsTheMode() throws Exception {
        AgentPath wlan = path("wlan0");
        AgentPath wwan = path("wwan0");
        carriers.opened(wlan, "path-reopened");

        carriers.carry(List.of(wwan, wlan), "probe-loss");
        carriers.carry(List.of(wwan), "probe-loss"); // the primary stays: no new handover

        assertThat(carriers.active()).containsExactly(wwan);
        assertThat(carriers.primary()).isSameAs(wwan);
        assertThat(movedTo).containsExactly("wwan0");
        assertThat(moves()).containsExactly("wlan0>wwan0:probe-loss");
    }

    @Test
    void droppingTheLastCarrierLeavesNoneAndTheNextOpenPathFollowsIt() throws Exception {
        AgentPath wlan = path("wlan0");
        carriers.opened(wlan, "path-reopened");

        carriers.drop(wlan, List.of()); // no other path has a connection
        assertThat(carriers.active()).isEmpty();
        assertThat(carriers.primary()).isNull();

        carriers.opened(path("wwan0"), "reconnect");
        assertThat(moves()).containsExactly("wlan0>wwan0:reconnect");
    }

    @Test
    void droppingOneOfSeveralCarriersKeepsTheOthers() throws Exception {
        AgentPath wlan = path("wlan0");
        AgentPath wwan = path("wwan0");
        carriers.opened(wlan, "path-reopened");
        carriers.carry(List.of(wlan, wwan), "redundant");

        carriers.drop(wlan, List.of(wwan));

        assertThat(carriers.active()).containsExactly(wwan);
        assertThat(moves()).containsExactly("wlan0>wwan0:path-closed");
    }

    @Test
    void clearingForgetsEveryCarrier() throws Exception {
        carriers.opened(path("wlan0"), "path-reopened");

        carriers.clear();

        assertThat(carriers.active()).isEmpty();
        assertThat(carriers.primary()).isNull();
    }
}
