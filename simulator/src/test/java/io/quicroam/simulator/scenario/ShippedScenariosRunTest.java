package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.harness.Progress;
import io.quicroam.simulator.harness.SimulationRunner;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.report.SummaryTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario runs end to end, as {@code ./quicroam simulate NAME --strategy all} runs it: a real gateway
 * and a real agent in every strategy over the emulated links, and each strategy must meet the {@code expect:} bounds
 * the file sets for it (issue #18 item 6). The soak and chaos scenarios have tests of their own (SoakTest).
 *
 * <p>CI runs each one shortened ({@link ShortRun}: the timeline cut after the events listed below, and a lead-in
 * longer than 5 s trimmed to 5 s; not shorter, for the agent still settles its paths' probing in the first seconds),
 * bonded alone and then migrate and reconnect side by side; {@code -Dscenarios=full} runs them whole and the
 * strategies in turn, exactly as the command does (about 15 minutes). Measured at load 21-25 on 2 cores: 348 s
 * for the ten, where the silent-both-only test it replaced took 94 s in the same run.
 */
@Tag("scenario")
@Timeout(600)
class ShippedScenariosRunTest {
    private static final Path FOLDER =
            Path.of("").toAbsolutePath().resolve("../configs/scenarios").normalize();
    private static final boolean FULL = "full".equals(System.getProperty("scenarios"));
    /** Long runs with a generated timeline, judged by SoakTest. */
    private static final List<String> OWN_TESTS = List.of("soak-2min", "soak-10min", "chaos");
    /** The call's 200-byte packets for a few seconds: far more than an HTTP/2 path's handshake and probes alone. */
    private static final long CALL_OVER_HTTP2_BYTES = 50 * 200 * 3;

    /** Each scenario: the lead-in skipped and the length kept in CI, and what that keeps of its timeline. */
    static Stream<Arguments> shipped() {
        return Stream.of(
                // Wi-Fi passes nothing from the start: the session settles on LTE and stays there.
                Arguments.of("captive-wifi", "0s", "5s"),
                // Both fades and LTE's recovery, 1 s past the end of Wi-Fi's fade.
                Arguments.of("fading-wifi", "0s", "11s"),
                // Two of the six flaps: down, up, down, up.
                Arguments.of("flapping", "0s", "11s"),
                // 7 s of the lossy uplink (not 18 s), then the carrier loss.
                Arguments.of("lossy-uplink", "11s", "9s"),
                // The Wi-Fi's drop and 6 s of the LTE drive trace.
                Arguments.of("lte-drive", "0s", "11s"),
                // Both rebinds, port then address, 2 s after the second.
                Arguments.of("nat-rebind", "0s", "14s"),
                // The 5 s silence of both and 2 s of recovery.
                Arguments.of("silent-both", "1s", "12s"),
                // The 5 s carrier loss of both and 2 s after their return.
                Arguments.of("tunnel-outage", "3s", "12s"),
                // The 8 s fade and 2 s after the carrier loss; Wi-Fi's return (at 24 s) is left to the full run.
                Arguments.of("walk-out-of-office", "1s", "15s"),
                // 6 s of the 20 s silence; Wi-Fi's return is left to the full run (silent-both covers a return).
                Arguments.of("wifi-blackhole", "0s", "11s"),
                // Wi-Fi blocks UDP from the start (the agent's HTTP/2 path across the relay), then is lost at 10 s.
                Arguments.of("udp-blocked-office", "0s", "16s"),
                // Wi-Fi starts blocking UDP at 6 s; its return to QUIC after the unblock is left to the full run.
                Arguments.of("udp-blocked-midway", "0s", "14s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void meetsItsBoundsInEveryStrategy(String name, String skip, String length) throws Exception {
        Scenario scenario = ScenarioLoader.load(new ScenarioCatalog(List.of(FOLDER)).resolve(name));
        SimulationResult simulation = FULL
                ? new SimulationRunner(Progress.NONE).run(scenario, scenario.strategies())
                : boundedFirst(ShortRun.of(scenario, seconds(skip), seconds(length)));
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
        scenario.links().stream()
                .filter(ScenarioLink::udpBlocked)
                .forEach(blocked -> assertThat(simulation.results().get(0).paths())
                        .filteredOn(p -> p.name().equals(blocked.name()))
                        .singleElement()
                        .satisfies(p -> assertThat(p.tcpBytesDown())
                                .as("TCP bytes to the agent across %s", blocked.name())
                                .isGreaterThan(CALL_OVER_HTTP2_BYTES)));
    }

    /** A scenario added to the folder is run here too, or named as having a test of its own. */
    @Test
    void everyShippedScenarioIsRun() throws IOException {
        List<String> run = shipped().map(a -> (String) a.get()[0]).toList();
        try (Stream<Path> files = Files.list(FOLDER)) {
            assertThat(files.map(f -> f.getFileName().toString())
                            .filter(f -> f.endsWith(".yaml"))
                            .map(f -> f.substring(0, f.length() - ".yaml".length()))
                            .filter(n -> !OWN_TESTS.contains(n)))
                    .containsExactlyInAnyOrderElementsOf(run);
        }
    }

    /**
     * Bonded, the strategy with bounds, alone on the CPU (its gaps are what a loaded CPU stretches first); then migrate
     * and reconnect side by side, each on its own gateway, relay and agent.
     */
    private static SimulationResult boundedFirst(Scenario scenario) throws Exception {
        List<StrategyResult> results =
                new ArrayList<>(run(scenario, Mode.BONDED).results());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SimulationResult>> others = scenario.strategies().stream()
                    .filter(strategy -> strategy != Mode.BONDED)
                    .map(strategy -> pool.submit(() -> run(scenario, strategy)))
                    .toList();
            for (Future<SimulationResult> other : others) {
                results.addAll(other.get().results());
            }
        } finally {
            pool.shutdownNow();
        }
        return new SimulationResult(
                scenario.name(),
                scenario.description(),
                scenario.seed(),
                scenario.duration().toMillis() / 1e3,
                results);
    }

    private static SimulationResult run(Scenario scenario, Mode strategy) {
        return new SimulationRunner(Progress.NONE).run(scenario, List.of(strategy));
    }

    private static Duration seconds(String value) {
        return Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
    }
}
