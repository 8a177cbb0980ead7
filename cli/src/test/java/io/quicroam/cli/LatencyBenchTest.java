package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quicroam bench latency} times every ping through a real tunnel (agent and gateway over QUIC on loopback) and
 * through raw UDP, and reports what a user compares: p50 <= p99 <= max for each, none lost, the difference.
 */
class LatencyBenchTest {
    @TempDir
    Path dir;

    @Test
    void everyPingIsAnsweredAndTheFiguresAreOrdered() throws Exception {
        Path json = dir.resolve("latency.json");
        int code = new CommandLine(new LatencyBench())
                .execute(
                        "--runs",
                        "2",
                        "--count",
                        "200",
                        "--warmup",
                        "20",
                        "--jit-warmup",
                        "500",
                        "--json",
                        json.toString());
        assertThat(code).isZero();

        JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
        assertThat(results).hasSize(4); // 64 and 1350 bytes, 1 and 8 outstanding
        for (JsonNode row : results) {
            for (String side : new String[] {"tunnel", "raw_udp"}) {
                JsonNode figures = row.get(side);
                String what = side + " " + row.get("inner_packet_bytes") + " B x" + row.get("outstanding");
                assertThat(figures.get("lost").asInt()).as(what + " lost").isZero();
                assertThat(figures.get("samples").asInt()).as(what + " timed").isEqualTo(400);
                double p50 = figures.get("p50").get("median_us").asDouble();
                double p99 = figures.get("p99").get("median_us").asDouble();
                double max = figures.get("max").get("median_us").asDouble();
                assertThat(p50).as(what + " p50").isPositive().isLessThanOrEqualTo(p99);
                assertThat(p99).as(what + " p99").isLessThanOrEqualTo(max);
            }
            assertThat(row.get("p50_difference_us").asDouble())
                    .isEqualTo(
                            row.get("tunnel").get("p50").get("median_us").asDouble()
                                    - row.get("raw_udp")
                                            .get("p50")
                                            .get("median_us")
                                            .asDouble(),
                            offset(0.02));
        }
    }
}
