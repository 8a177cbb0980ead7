package io.quicroam.simulator.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.report.SummaryTable;
import io.quicroam.simulator.scenario.Scenario;
import io.quicroam.simulator.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real gateway and a real bonded agent over two emulated links on loopback, real QUIC, real time: Wi-Fi loses
 * its carrier 4 s into a 10 s call and LTE, already warm, takes over. About 15 s of wall time.
 */
@Tag("scenario")
@Timeout(60)
class SimulationEndToEndTest {

    @Test
    void bondedSurvivesAWifiDropWithoutASessionResetAndWithABoundedGap() throws Exception {
        Path file = Path.of(Objects.requireNonNull(getClass().getResource("/scenarios/wifi-drop.yaml"))
                .toURI());
        Scenario scenario = ScenarioLoader.load(file);

        SimulationResult simulation = new SimulationRunner(Progress.NONE).run(scenario, List.of(Mode.BONDED));
        System.out.print(SummaryTable.render(simulation));

        StrategyResult bonded = simulation.results().get(0);
        assertThat(bonded.error()).isNull();
        assertThat(bonded.sessionResets()).isZero();
        assertThat(bonded.addressChanges()).isZero();
        FlowResult call = bonded.flows().get(0);
        assertThat(call.sent()).as("50 pps for 10 s").isBetween(495L, 501L);
        assertThat(call.longestGap().millis()).as("longest gap of the call, ms").isLessThanOrEqualTo(300);
        assertThat(call.lost()).isLessThanOrEqualTo(15);
        assertThat(bonded.handovers()).anySatisfy(h -> {
            assertThat(h.from()).isEqualTo("wifi");
            assertThat(h.to()).isEqualTo("lte");
            assertThat(h.atMillis()).isBetween(3_900.0, 4_500.0);
        });
        assertThat(bonded.paths())
                .allSatisfy(p -> assertThat(p.bytesUp())
                        .as(p.name() + " carried traffic")
                        .isPositive());
        assertThat(bonded.failedBounds()).isEmpty();
    }
}
