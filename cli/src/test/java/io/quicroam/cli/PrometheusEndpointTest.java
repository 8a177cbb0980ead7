package io.quicroam.cli;

import static io.quicroam.cli.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quicroam.masque.ip.IpAddresses;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus endpoints of agent and gateway, scraped over HTTP during a loopback session with a handover. */
class PrometheusEndpointTest {
    @TempDir
    Path dir;

    @Test
    void agentAndGatewayExposeSessionPathHandoverAndDropMetrics() throws Exception {
        try (LoopbackSession session = new LoopbackSession(dir, "");
                MetricsServer gatewayMetrics =
                        MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), session.gatewayRegistry)) {
            int agentPort = session.daemon.metrics().address().getPort();
            // Traffic starts on whichever path answers first and moves to the preferred Wi-Fi once it is stable.
            assertThat(LoopbackSession.within(
                            20,
                            () -> session.agent.status().join().paths().stream()
                                    .anyMatch(p -> p.interfaceName().equals("wlan0")
                                            && p.role() == io.quicroam.pathmanager.path.PathRole.AVAILABLE
                                            // A path still probing carries only until the first capable one
                                            // (the LTE, if it answered first): wait for the Wi-Fi's own.
                                            && p.state().equals("active-capable"))))
                    .as("Wi-Fi carries traffic")
                    .isTrue();
            assertThat(session.ping(session.innerV4(), 20)).as("echo replies").isGreaterThanOrEqualTo(18);
            // A packet whose source is not the session's address: the gateway drops it as spoofed (RFC 9484 §8).
            assertThat(session.ping(IpAddresses.parse("100.64.250.250"), 1)).isZero();
            assertThat(LoopbackSession.within(
                            10,
                            () -> scrapeOrEmpty(agentPort).contains("quicroam_agent_session_up 1.0")
                                    && value(
                                                            scrapeOrEmpty(agentPort),
                                                            "quicroam_path_rtt_seconds",
                                                            "interface=\"wwan0\"")
                                                    .orElse(0)
                                            > 0))
                    .as("session up and both paths measured")
                    .isTrue();

            String agent = LoopbackSession.scrape(agentPort);
            assertThat(value(agent, "quicroam_agent_uplink_packets_total").orElseThrow())
                    .isGreaterThanOrEqualTo(21);
            assertThat(value(agent, "quicroam_agent_downlink_packets_total").orElseThrow())
                    .isBetween(18.0, 20.0);
            assertThat(value(agent, "quicroam_agent_uplink_bytes_total").orElseThrow())
                    .isGreaterThanOrEqualTo(21 * 84);
            assertThat(value(agent, "quicroam_agent_downlink_bytes_total").orElseThrow())
                    .isGreaterThanOrEqualTo(18 * 84);
            assertThat(value(agent, "quicroam_agent_paths_open").orElseThrow()).isEqualTo(2);
            for (String path : new String[] {"wlan0", "wwan0"}) {
                String label = "interface=\"" + path + "\"";
                assertThat(value(agent, "quicroam_path_rtt_seconds", label).orElseThrow())
                        .as(path + " RTT")
                        .isBetween(1e-6, 1.0);
                assertThat(value(agent, "quicroam_path_loss_ratio", label).orElseThrow())
                        .as(path + " loss")
                        .isBetween(0.0, 0.5);
                assertThat(value(agent, "quicroam_path_state", label))
                        .as(path + " state")
                        .isPresent();
                assertThat(value(agent, "quicroam_path_probes_sent_total", label)
                                .orElseThrow())
                        .as(path + " probes")
                        .isPositive();
            }
            // The path manager's byte counters carry base unit "bytes", which Prometheus naming appends.
            assertThat(value(agent, "quicroam_path_bytes_sent_bytes_total", "interface=\"wlan0\"")
                            .orElseThrow())
                    .as("Wi-Fi carries the pings")
                    .isGreaterThanOrEqualTo(21 * 84);
            assertThat(value(agent, "quicroam_agent_drops_total", "reason=\"unknown-context\""))
                    .isPresent();
            assertThat(value(agent, "quicroam_agent_drops_total", "reason=\"oversize\""))
                    .isPresent();

            String gateway = LoopbackSession.scrape(gatewayMetrics.address().getPort());
            assertThat(value(gateway, "quicroam_gateway_sessions").orElseThrow())
                    .isEqualTo(1);
            assertThat(value(gateway, "quicroam_gateway_uplink_packets_total").orElseThrow())
                    .isBetween(18.0, 21.0);
            assertThat(value(gateway, "quicroam_gateway_downlink_packets_total").orElseThrow())
                    .isBetween(18.0, 20.0);
            assertThat(value(gateway, "quicroam_gateway_drops_total", "reason=\"spoofed-source\"")
                            .orElseThrow())
                    .isEqualTo(1);
            assertThat(value(gateway, "quicroam_gateway_drops_total", "reason=\"unknown-context\""))
                    .isPresent();

            // Wi-Fi goes away: traffic moves to LTE, and the handover is timed until the first packet arrives there.
            session.interfaces.down("wlan0");
            assertThat(LoopbackSession.within(10, () -> {
                        try {
                            session.ping(session.innerV4(), 1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return value(scrapeOrEmpty(agentPort), "quicroam_agent_handover_duration_seconds_count")
                                        .orElse(0)
                                >= 1;
                    }))
                    .as("handover recorded")
                    .isTrue();
            String after = LoopbackSession.scrape(agentPort);
            assertThat(after)
                    .as("histogram buckets by reason")
                    .containsPattern(
                            "quicroam_agent_handover_duration_seconds_bucket\\{(?=[^}]*reason=\"[a-z-]+\")(?=[^}]*le=\"0.3\")");
            assertThat(value(after, "quicroam_agent_handover_duration_seconds_sum")
                            .orElseThrow())
                    .as("seconds")
                    .isBetween(1e-6, 10.0);
            assertThat(value(after, "quicroam_path_switches_total"))
                    .as("path manager switches by reason")
                    .isPresent();
            assertThat(value(after, "quicroam_agent_session_up").orElseThrow()).isEqualTo(1);
        }
    }

    @Test
    void theEndpointRefusesANonLoopbackAddress() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        assertThatThrownBy(() -> MetricsServer.start(new InetSocketAddress("0.0.0.0", 0), registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    private static String scrapeOrEmpty(int port) {
        try {
            return LoopbackSession.scrape(port);
        } catch (Exception e) {
            return "";
        }
    }
}
