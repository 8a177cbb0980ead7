package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quicroam bench throughput} pushes packets through a real tunnel (agent and gateway over QUIC on loopback) and
 * raw UDP, and reports what a user checks: nothing lost between source and sink without being counted, warm-up runs
 * apart from the measured ones, and a median that is one of the measured runs.
 */
class ThroughputBenchTest {
    @TempDir
    Path dir;

    @Test
    void everyPacketArrivesAndTheWarmUpRunsAreNotCounted() throws Exception {
        Path json = dir.resolve("throughput.json");
        int code = new CommandLine(new BenchCommand.Throughput())
                .execute("--runs", "1", "--warmup", "1", "--seconds", "0.5", "--json", json.toString());
        assertThat(code).isZero();

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("warmup_runs").asInt()).isEqualTo(1);
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2); // 1350 and 200 bytes
        for (JsonNode row : results) {
            String what = row.get("inner_packet_bytes") + " B";
            assertThat(row.get("packets_injected").asLong()).as(what + " sent").isPositive();
            // Nothing lost silently: on a loaded machine a full queue may drop, but every drop is counted (a UDP
            // packet the kernel dropped at the gateway's socket held up to 1400 / size inner packets).
            int size = row.get("inner_packet_bytes").asInt();
            assertThat(row.get("packets_lost").asLong())
                    .as(what + " lost")
                    .isLessThanOrEqualTo(
                            row.get("packets_lost_counted_as_drops").asLong()
                                    + row.get("gateway_socket_drops").asLong() * (1400 / size));
            assertThat(row.get("warmup_tunnel_mbit_s_runs"))
                    .as(what + " warm-up")
                    .hasSize(1);
            assertThat(row.get("warmup_raw_udp_mbit_s_runs"))
                    .as(what + " warm-up")
                    .hasSize(1);
            assertThat(row.get("tunnel_mbit_s_runs")).as(what + " measured").hasSize(1);
            assertThat(row.get("raw_udp_mbit_s_runs")).as(what + " measured").hasSize(1);
            assertThat(row.get("tunnel_mbit_s").asDouble())
                    .as(what + " median")
                    .isPositive()
                    .isEqualTo(row.get("tunnel_mbit_s_runs").get(0).asDouble());
        }
    }
}
