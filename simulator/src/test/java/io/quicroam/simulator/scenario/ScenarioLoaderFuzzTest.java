package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigFuzzing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzz target (issue #14) for the simulator's scenario loader: any text gives a scenario or the one-line located
 * error, never another exception; and a scenario it accepts can draw its whole timeline (a generated one too, for
 * any seed) with every event inside the run and on one of its links. Seeds: the shipped scenarios.
 */
class ScenarioLoaderFuzzTest {
    private static final String FILE = "scenario.yaml";

    @FuzzTest
    void loadsOrFailsWithALocatedOneLineErrorAndAcceptedOnesRun(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Scenario scenario;
        try {
            scenario = ScenarioLoader.parse(text, FILE);
        } catch (ConfigException e) {
            ConfigFuzzing.assertOneLine(FILE, e);
            return;
        }
        List<String> links = scenario.links().stream().map(ScenarioLink::name).toList();
        assertThat(scenario.withSeed(input.length).events()).allSatisfy(e -> {
            assertThat(e.at()).isBetween(Duration.ZERO, scenario.duration());
            assertThat(links).contains(e.link());
        });
    }
}
