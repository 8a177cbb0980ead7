package io.quicroam.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.DeliveryBin;
import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.Gap;
import io.quicroam.simulator.measure.HandoverRecord;
import io.quicroam.simulator.measure.LatencySummary;
import io.quicroam.simulator.measure.LinkEvent;
import io.quicroam.simulator.measure.PathResult;
import io.quicroam.simulator.measure.PathSample;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    private static final FlowResult CALL = new FlowResult(
            "call",
            1500,
            1490,
            10,
            1,
            2,
            new LatencySummary(4.5, 30.25, 41, 1490),
            new LatencySummary(5, 31, 40, 1490),
            new LatencySummary(10, 60, 80, 1490),
            new Gap(14_002.5, 187.25),
            List.of(new Gap(14_002.5, 187.25)),
            79_000,
            List.of(new DeliveryBin(0, 5, 11.5), new DeliveryBin(100, 0, Double.NaN)));

    private static SimulationResult simulation() {
        StrategyResult bonded = new StrategyResult(
                Mode.BONDED,
                null,
                List.of(CALL),
                List.of(new HandoverRecord(14_001, "wifi", "lte", "interface-down", 35.5)),
                0,
                0,
                List.of(new PathResult(
                        "wifi",
                        "wifi",
                        1000,
                        900,
                        0,
                        0,
                        List.of(new PathSample(0, 1e6, 2e6, "active-capable", Double.NaN, "up")))),
                List.of(new LinkEvent(14_000, "wifi", "down")),
                1,
                List.of(),
                List.of(),
                Optional.empty());
        StrategyResult reconnect = new StrategyResult(
                Mode.RECONNECT,
                null,
                List.of(CALL),
                List.of(new HandoverRecord(14_001, "wifi", "lte", "interface-down", Double.NaN)),
                1,
                1,
                List.of(),
                List.of(),
                1,
                List.of("session_resets: 1 > 0"),
                List.of(),
                Optional.empty());
        return new SimulationResult(
                "walk-out-of-office", "Wi-Fi fades </script> & drops", 42, 30, List.of(bonded, reconnect));
    }

    @Test
    void theJsonKeepsTheContractShape() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.toJson(simulation()));

        assertThat(root.get("scenario").asText()).isEqualTo("walk-out-of-office");
        assertThat(root.get("seed").asLong()).isEqualTo(42);
        JsonNode bonded = root.get("results").get(0);
        assertThat(bonded.get("strategy").asText()).isEqualTo("bonded");
        assertThat(bonded.get("passed").asBoolean()).isTrue();
        assertThat(bonded.get("failed_bounds")).isEmpty();
        assertThat(bonded.get("session_resets").asLong()).isZero();
        assertThat(bonded.get("address_changes").asLong()).isZero();
        JsonNode call = bonded.get("flows").get(0);
        assertThat(call.get("name").asText()).isEqualTo("call");
        assertThat(call.get("sent").asLong()).isEqualTo(1500);
        assertThat(call.get("received").asLong()).isEqualTo(1490);
        assertThat(call.get("lost").asLong()).isEqualTo(10);
        assertThat(call.get("duplicated").asLong()).isEqualTo(1);
        assertThat(call.get("reordered").asLong()).isEqualTo(2);
        assertThat(call.get("latency_ms").get("p50").asDouble()).isEqualTo(4.5);
        assertThat(call.get("latency_ms").get("p99").asDouble()).isEqualTo(30.25);
        assertThat(call.get("latency_ms").get("max").asDouble()).isEqualTo(41);
        assertThat(call.get("max_gap_ms").asDouble()).isEqualTo(187.25);
        JsonNode handover = bonded.get("handovers").get(0);
        assertThat(handover.get("at_ms").asDouble()).isEqualTo(14_001);
        assertThat(handover.get("from").asText()).isEqualTo("wifi");
        assertThat(handover.get("to").asText()).isEqualTo("lte");
        assertThat(handover.get("trigger").asText()).isEqualTo("interface-down");
        assertThat(handover.get("duration_ms").asDouble()).isEqualTo(35.5);
        JsonNode path = bonded.get("paths").get(0);
        assertThat(path.get("name").asText()).isEqualTo("wifi");
        assertThat(path.get("bytes_up").asLong()).isEqualTo(1000);
        assertThat(path.get("bytes_down").asLong()).isEqualTo(900);

        JsonNode reconnect = root.get("results").get(1);
        assertThat(reconnect.get("passed").asBoolean()).isFalse();
        assertThat(reconnect.get("failed_bounds").get(0).asText()).isEqualTo("session_resets: 1 > 0");
        assertThat(reconnect.get("handovers").get(0).get("duration_ms").isNull())
                .as("a handover that never completed has no duration")
                .isTrue();
        assertThat(path.get("samples").get(0).get("rtt_ms").isNull())
                .as("no RTT measured yet")
                .isTrue();
    }

    @Test
    void theHtmlPageIsSelfContainedAndItsDataCannotCloseTheScript(@TempDir Path dir) throws Exception {
        Path file = HtmlReport.write(simulation(), dir);
        String page = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(file.getFileName().toString()).isEqualTo("walk-out-of-office.html");
        assertThat(page).contains("echarts").doesNotContain("{{").doesNotContain("src=\"http");
        assertThat(page.length()).as("the charting library is inlined").isGreaterThan(500_000);
        String data = page.substring(page.indexOf("<script type=\"application/json\" id=\"data\">"));
        data = data.substring(data.indexOf('>') + 1, data.indexOf("</script>"));
        JsonNode parsed = new ObjectMapper().readTree(data);
        assertThat(parsed.get("description").asText()).isEqualTo("Wi-Fi fades </script> & drops");
    }

    @Test
    void theSummaryNamesEachStrategyItsVerdictAndWhatFailed() {
        String table = SummaryTable.render(simulation());

        assertThat(table).contains("walk-out-of-office").contains("seed 42");
        assertThat(table.lines().filter(l -> l.startsWith("bonded")).findFirst().orElseThrow())
                .contains("PASS")
                .contains("call")
                .contains("1500")
                .contains("187 @14.0");
        assertThat(table.lines()
                        .filter(l -> l.startsWith("reconnect"))
                        .findFirst()
                        .orElseThrow())
                .contains("FAIL");
        assertThat(table).contains("reconnect: bound failed: session_resets: 1 > 0");
    }
}
