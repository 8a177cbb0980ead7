package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.agent.TransportConfig;
import io.quicroam.simulator.link.LinkAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scenario shipped in {@code configs/scenarios} loads from the repository alone (its traces are synthetic),
 * stays short enough for {@code --strategy all}, and holds bonded to its promise.
 */
class ShippedScenariosTest {
    private static final Path FOLDER =
            Path.of("").toAbsolutePath().resolve("../configs/scenarios").normalize();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "walk-out-of-office",
                "wifi-blackhole",
                "flapping",
                "lte-drive",
                "nat-rebind",
                "tunnel-outage",
                "captive-wifi",
                "lossy-uplink",
                "silent-both",
                "fading-wifi",
                "udp-blocked-office",
                "udp-blocked-midway"
            })
    void loadsAndExpectsNoSessionResetForBonded(String name) throws Exception {
        Path file = new ScenarioCatalog(java.util.List.of(FOLDER)).resolve(name);
        // A scenario a user runs from a clone needs nothing beside it: no file outside the scenarios folder.
        assertThat(Files.readString(file)).doesNotContain("../");
        Scenario scenario = ScenarioLoader.load(file);

        assertThat(scenario.name()).isEqualTo(name);
        assertThat(scenario.description()).isNotBlank();
        assertThat(scenario.duration()).isLessThanOrEqualTo(Duration.ofSeconds(40));
        assertThat(scenario.links()).extracting(ScenarioLink::name).contains("wifi", "lte");
        assertThat(scenario.timeline()).isNotEmpty();
        Expectation bonded = scenario.expectation(Mode.BONDED);
        assertThat(bonded.sessionResets()).isEqualTo(OptionalLong.of(0));
        assertThat(bonded.addressChanges()).isEqualTo(OptionalLong.of(0));
        boolean blocksUdp = scenario.links().stream().anyMatch(ScenarioLink::udpBlocked)
                || scenario.timeline().stream().anyMatch(e -> e.action() instanceof LinkAction.BlockUdp);
        if (blocksUdp) {
            assertThat(scenario.transports(Mode.BONDED).transport())
                    .as("an agent that meets a UDP-blocking network falls back to HTTP/2")
                    .isEqualTo(TransportConfig.Transport.AUTO);
        }
    }
}
