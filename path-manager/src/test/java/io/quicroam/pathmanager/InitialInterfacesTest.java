package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.InterfaceClassifier;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.SimulatedMonitor;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Start-up (issue #17): interfaces already up when the path manager starts are usable at once, not after the
 * debounce window (250 ms by default); interfaces that come up later, once a path works, still wait for it.
 */
class InitialInterfacesTest {
    @Test
    void interfacesUpAtStartAreUsableWithoutDebounceLaterOnesAfterIt() throws Exception {
        VirtualTime time = new VirtualTime();
        SimulatedMonitor monitor = new SimulatedMonitor(time.clock());
        List<String> usable = new ArrayList<>();
        PathManager[] manager = new PathManager[1];
        PathManager pm = new PathManager(
                PathManagerConfig.defaults(), time, new SimpleMeterRegistry(), new PathManagerListener() {
                    @Override
                    public void interfaceUsable(NetInterface ni) {
                        usable.add(ni.name());
                        manager[0].pathOpened(
                                new PathId(ni.name(), ni.routableAddresses().get(0), FakeAgent.GATEWAY));
                    }

                    @Override
                    public void interfaceUnusable(NetInterface ni, String reason) {}

                    @Override
                    public void sendProbe(PathId path, long sequence) {
                        manager[0].probeAnswered(path, sequence); // the path works: later gains are debounced
                    }

                    @Override
                    public void decision(PathDecision decision) {}
                });
        manager[0] = pm;
        // What a real monitor does: its start reports the interfaces that exist, before it returns.
        pm.start(new InterfaceMonitor() {
            @Override
            public void start(Consumer<NetworkChange> sink) {
                monitor.start(sink);
                monitor.addUp("wlan0", InterfaceClass.WIFI, FakeAgent.ip("198.18.0.2"));
            }

            @Override
            public InterfaceClassifier classifier() {
                return monitor.classifier();
            }

            @Override
            public void close() {
                monitor.close();
            }
        });
        assertThat(usable).as("usable the moment the path manager starts").containsExactly("wlan0");

        time.advance(Duration.ofMillis(100)); // wlan0's first probe answered
        monitor.addUp("wwan0", InterfaceClass.CELLULAR, FakeAgent.ip("198.18.1.2"));
        time.advance(Duration.ofMillis(200));
        assertThat(usable).as("a later gain is debounced").containsExactly("wlan0");
        time.advance(Duration.ofMillis(100));
        assertThat(usable).containsExactly("wlan0", "wwan0");
        pm.close();
    }
}
