package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.simulator.harness.Progress;
import io.quicroam.simulator.harness.SimulationRunner;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.report.SummaryTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shipped scenarios run end to end, as {@code ./quicroam simulate NAME --strategy all} runs them: a real gateway and
 * a real agent in every strategy over the emulated links, and each strategy must meet the {@code expect:} bounds
 * the file sets for it. A subset, cut short after its last event, keeps CI within about two minutes: both networks
 * silent at once (issue #13 goal 4, recovery), and a Wi-Fi that blocks UDP from the start (issue #15: the agent's
 * HTTP/2 path across the relay, then Wi-Fi lost).
 */
@Tag("scenario")
@Timeout(300)
class ShippedScenariosRunTest {
    private static final Path FOLDER =
            Path.of("").toAbsolutePath().resolve("../configs/scenarios").normalize();

    /** The call's 200-byte packets for a few seconds: far more than an HTTP/2 path's handshake and probes alone. */
    private static final long CALL_OVER_HTTP2_BYTES = 50 * 200 * 3;

    @ParameterizedTest
    @CsvSource({"silent-both, 14s", "udp-blocked-office, 16s"})
    void meetsItsBoundsInEveryStrategy(String name, String length) throws Exception {
        Scenario scenario = ScenarioLoader.load(new ScenarioCatalog(List.of(FOLDER)).resolve(name))
                .withDuration(Duration.parse("PT" + length.toUpperCase(java.util.Locale.ROOT)));

        SimulationResult simulation = new SimulationRunner(Progress.NONE).run(scenario, scenario.strategies());
        System.out.print(SummaryTable.render(simulation));

        assertThat(simulation.results())
                .extracting(StrategyResult::strategy)
                .containsExactlyElementsOf(scenario.strategies());
        assertThat(simulation.results()).allSatisfy(result -> {
            assertThat(result.error()).as("%s ran", result.strategy()).isNull();
            assertThat(result.failedBounds())
                    .as("%s's bounds", result.strategy())
                    .isEmpty();
        });
        assertThat(simulation.results().get(0).boundsChecked())
                .as("bonded's bounds checked")
                .isPositive();
        // Where a link blocks UDP from the start, the bonded agent's HTTP/2 path carried the call across it.
        scenario.links().stream().filter(ScenarioLink::udpBlocked).forEach(blocked -> assertThat(
                        simulation.results().get(0).paths())
                .filteredOn(p -> p.name().equals(blocked.name()))
                .singleElement()
                .satisfies(p -> assertThat(p.tcpBytesDown())
                        .as("TCP bytes to the agent across %s", blocked.name())
                        .isGreaterThan(CALL_OVER_HTTP2_BYTES)));
    }
}
