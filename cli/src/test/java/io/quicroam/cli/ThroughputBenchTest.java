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
 * raw UDP, and reports what a user checks: nothing lost between source and sink, warm-up runs apart from the measured
 * ones, and a median that is one of the measured runs.
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
            assertThat(row.get("packets_lost").asLong()).as(what + " lost").isZero();
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
