package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.policy.SchedulerKind;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.Fade;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13, goal 1, over real QUIC on loopback: the Wi-Fi path fades (its uplink's delay and loss grow over 6 s,
 * no carrier event, its probes still mostly answered) while a 100 packets/s inner flow runs; the agent reads the
 * fade from the Wi-Fi connection's own QUIC statistics and moves the flow to LTE before it loses more than a few
 * packets.
 */
class FadingPathHandoverTest {
    private static final String TOKEN = "carol-0123456789abcdef0123456789";
    /**
     * Measured on a 2-core machine at load 3-30: moved 830-920 ms into the fade on rtt-inflation, 0-4 of ~440 lost,
     * longest gap 25-200 ms. Without the QUIC figures the flow stays on the Wi-Fi until its probes fail: moved after
     * 3.7 s on probe-loss, 99 lost.
     */
    private static final int LOST_BOUND = 8;

    private static final double GAP_BOUND_MS = 400;

    @TempDir
    static Path dir;

    @Test
    void aFadingWifiIsLeftForLteOnItsQuicFiguresBeforePacketsAreLost() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN, StandardCharsets.UTF_8);
        LocalGateway.Options gateway = LocalGateway.Options.defaults().withTokens(List.of("carol " + TOKEN));
        PathManagerConfig d = PathManagerConfig.defaults().withTunnelDevice("mem0");
        PathManagerConfig paths = new PathManagerConfig(
                d.interfaces(),
                d.probes(),
                SchedulerKind.ACTIVE_BACKUP,
                Duration.ofSeconds(30),
                d.handoverWindow(),
                d.debounce());
        try (LoopbackRig tunnel = LoopbackRig.withGateway(gateway)
                .gatewayRegistry(new SimpleMeterRegistry())
                .tokenFile(tokenFile)
                .paths(paths)
                .mode(Agent.Mode.BONDED)
                .wifiAndLte()
                .start()) {
            tunnel.connect();
            Agent agent = tunnel.agent();
            Await.until("both paths open, Wi-Fi carrying traffic", Duration.ofSeconds(15), () -> {
                AgentStatus s = agent.status().join();
                return s.paths().size() == 2
                        && s.paths().stream().noneMatch(p -> p.state().equals("opening"))
                        && primary(agent).equals("wlan0");
            });
            try (InnerFlow flow =
                    new InnerFlow(tunnel.io(), tunnel.innerV4(), InetAddress.getByName("198.51.100.7"), 100)) {
                Thread.sleep(2000); // the Wi-Fi connection's RTT baseline
                long fadeAt = System.nanoTime();
                // As the signal weakens the radio slows down first (queues build, the RTT climbs), then loses.
                Fade.install(
                        agent.pathOn("wlan0").connection().parent(),
                        Duration.ofSeconds(6),
                        Duration.ofMillis(600),
                        0.4,
                        13);
                Await.until(
                        "traffic moved to LTE",
                        Duration.ofSeconds(8),
                        () -> primary(agent).equals("wwan0"));
                double movedAfter = (System.nanoTime() - fadeAt) / 1e6;
                Thread.sleep(1500);
                double gap = flow.longestGapMillis(fadeAt);
                int lost = flow.stop();
                String trigger = agent.status().join().handovers().stream()
                        .filter(h -> h.to().equals("wwan0"))
                        .reduce((a, b) -> b)
                        .map(Handover::trigger)
                        .orElse("-");
                System.out.printf(
                        "bonded, Wi-Fi fading: moved after %.0f ms (%s), longest gap %.1f ms, %d of %d lost%n",
                        movedAfter, trigger, gap, lost, flow.sent());
                assertThat(trigger).as("what moved the traffic").isIn("rtt-inflation", "loss", "rate");
                assertThat(lost).as("inner packets lost").isLessThanOrEqualTo(LOST_BOUND);
                assertThat(gap).as("longest gap after the fade began (ms)").isLessThan(GAP_BOUND_MS);
            }
        }
    }

    private static String primary(Agent agent) {
        return agent.status().join().paths().stream()
                .filter(p -> p.role() == PathRole.AVAILABLE)
                .map(AgentStatus.PathReport::interfaceName)
                .findFirst()
                .orElse("-");
    }
}
