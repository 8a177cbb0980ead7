package io.quicroam.agent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.LocalGateway;
import io.quicroam.masque.UriTemplate;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock-server mode against a gateway with quicroam's extension switched off (a plain RFC 9484 proxy): one QUIC
 * connection whose UDP 4-tuple moves from Wi-Fi (127.0.0.2) to LTE (127.0.0.3) beneath QUIC.
 */
class StockProxyMigrationTest {
    private LocalGateway gateway;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startGateway() throws Exception {
        gateway = LocalGateway.start(LocalGateway.Options.defaults().withExtension(false), new SimpleMeterRegistry());
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        gateway.close();
    }

    private record Migrating(Agent agent, InMemoryPacketIo io, LoopbackInterfaces interfaces, InetAddress inner) {
    }

    private Migrating start() throws Exception {
        AgentConfig config = new AgentConfig(
                new ServerConfig(UriTemplate.parse(gateway.template()), gateway.caFile(), null, "*", "*"),
                new TunnelConfig("mem0", 1280), PathManagerConfig.defaults().withTunnelDevice("mem0"), Agent.Mode.MIGRATE);
        InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1280, 4096);
        LoopbackInterfaces interfaces = new LoopbackInterfaces(gateway.server().localAddress());
        interfaces.add("wlan0", InterfaceClass.WIFI, InetAddress.getByName("127.0.0.2"));
        interfaces.add("wwan0", InterfaceClass.CELLULAR, InetAddress.getByName("127.0.0.3"));
        Agent agent = Agent.builder(config).packetIo(io).interfaces(interfaces).endpoints(interfaces).build();
        closeables.add(agent);
        InetAddress inner = agent.start().get(10, TimeUnit.SECONDS).addresses().stream()
                .map(a -> a.prefix().address()).filter(a -> a instanceof Inet4Address).findFirst().orElseThrow();
        awaitTrue("both interfaces ready, Wi-Fi carrying", () -> {
            AgentStatus s = agent.status().join();
            return s.paths().size() == 2 && s.paths().stream().anyMatch(p -> p.interfaceName().equals("wlan0")
                    && p.role() == PathRole.AVAILABLE);
        });
        return new Migrating(agent, io, interfaces, inner);
    }

    @Test
    void carrierLossMovesTheFourTupleAndTheSessionAndAddressSurvive() throws Exception {
        Migrating m = start();
        InnerFlow flow = new InnerFlow(m.io, m.inner, InetAddress.getByName("198.51.100.7"), 100);
        closeables.add(flow);
        Thread.sleep(1000);

        long failedAt = System.nanoTime();
        // The QUIC connection's own socket goes dark as Wi-Fi goes down: only a moved 4-tuple keeps the flow alive.
        Blackhole.install(m.agent.pathOn("wlan0").connection().parent());
        m.interfaces.down("wlan0");
        Thread.sleep(2000);
        double gap = flow.longestGapMillis(failedAt);
        int lost = flow.stop();
        System.out.printf("migrate, Wi-Fi carrier lost: longest gap %.1f ms, %d of %d inner packets lost%n",
                gap, lost, flow.sent());
        assertSurvived(m, gap, lost);
    }

    @Test
    void aSilentWifiIsLeftBeneathQuic() throws Exception {
        Migrating m = start();
        InnerFlow flow = new InnerFlow(m.io, m.inner, InetAddress.getByName("198.51.100.7"), 100);
        closeables.add(flow);
        Thread.sleep(1000);

        long failedAt = System.nanoTime();
        Blackhole.install(m.agent.pathOn("wlan0").connection().parent());
        Thread.sleep(2500);
        double gap = flow.longestGapMillis(failedAt);
        int lost = flow.stop();
        System.out.printf("migrate, Wi-Fi silent: longest gap %.1f ms, %d of %d inner packets lost%n",
                gap, lost, flow.sent());
        assertSurvived(m, gap, lost);
    }

    private void assertSurvived(Migrating m, double gap, int lost) {
        Agent agent = m.agent;
        InetAddress inner = m.inner;

        assertThat(gateway.gateway().sessionCount()).as("one session, never replaced").isEqualTo(1);
        assertThat(gateway.gateway().hasSessionWith(inner)).isTrue();
        assertThat(agent.assignment().addresses()).extracting(a -> a.prefix().address()).contains(inner);
        assertThat(agent.sessionResets()).isZero();
        assertThat(gap).as("longest gap (ms)").isLessThan(1500);
        assertThat(lost).isLessThan(150);
        assertThat(agent.status().join().handovers()).extracting(Handover::to).contains("wwan0");
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
