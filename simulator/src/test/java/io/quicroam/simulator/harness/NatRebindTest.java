package io.quicroam.simulator.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.PathSample;
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
 * Issue #21, requirement 1: NAT rebinds never strand a path. Ten rebinds on the Wi-Fi that carries a call, LTE
 * silent, so the call has nowhere else to go; more than one QUIC connection follows at the gateway, so the path
 * must be reopened (new connection, same session) whenever QUIC could not follow. Real gateway, agent and QUIC
 * over emulated links, real time: about 20 s.
 */
@Tag("scenario")
@Timeout(90)
class NatRebindTest {

    @Test
    void aPathKeepsCarryingThroughTenRebindsWithoutASessionReset() throws Exception {
        Path file = Path.of(Objects.requireNonNull(getClass().getResource("/scenarios/rebind-storm.yaml"))
                .toURI());
        Scenario scenario = ScenarioLoader.load(file);

        SimulationResult simulation = new SimulationRunner(Progress.NONE).run(scenario, List.of(Mode.BONDED));
        System.out.print(SummaryTable.render(simulation));

        StrategyResult bonded = simulation.results().get(0);
        assertThat(bonded.error()).isNull();
        assertThat(bonded.sessionResets()).isZero();
        assertThat(bonded.addressChanges()).isZero();
        FlowResult call = bonded.flows().get(0);
        // Measured: 0.4-0.6 s while a rebind QUIC could not follow is noticed (FAILED) and the path reopened.
        assertThat(call.longestGap().millis()).as("longest gap of the call, ms").isLessThanOrEqualTo(1_300);
        assertThat(call.lost()).as("call packets lost of 800").isLessThanOrEqualTo(150);
        List<PathSample> wifi = bonded.paths().stream()
                .filter(p -> p.name().equals("wifi"))
                .findFirst()
                .orElseThrow()
                .samples();
        long failedSamples =
                wifi.stream().filter(s -> s.state().equals("failed")).count();
        assertThat(failedSamples * 100).as("ms the Wi-Fi path spent FAILED").isLessThanOrEqualTo(2_000);
        assertThat(wifi.get(wifi.size() - 1).state())
                .as("the Wi-Fi path at the end")
                .isEqualTo("active-capable");
    }
}
