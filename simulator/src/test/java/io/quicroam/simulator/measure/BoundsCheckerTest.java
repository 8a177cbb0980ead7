package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.scenario.Expectation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BoundsCheckerTest {
    private static FlowResult flow(String name, long lost, double gapMillis) {
        return new FlowResult(
                name,
                1000,
                1000 - lost,
                lost,
                0,
                0,
                LatencySummary.EMPTY,
                LatencySummary.EMPTY,
                LatencySummary.EMPTY,
                new Gap(14_000, gapMillis),
                List.of(),
                0,
                List.of());
    }

    private static StrategyResult result(long resets, long changes, FlowResult... flows) {
        return result(List.of(), resets, changes, flows);
    }

    private static StrategyResult result(
            List<HandoverRecord> handovers, long resets, long changes, FlowResult... flows) {
        return new StrategyResult(
                Mode.BONDED,
                null,
                List.of(flows),
                handovers,
                resets,
                changes,
                List.of(),
                List.of(),
                0,
                List.of(),
                List.of(),
                Optional.empty());
    }

    private static final Expectation BONDED = new Expectation(
            Map.of("call", 300L), Map.of("call", 20L), OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(2));

    @Test
    void aRunWithinEveryBoundPasses() {
        assertThat(BoundsChecker.check(BONDED, result(0, 0, flow("call", 20, 300))))
                .isEmpty();
    }

    @Test
    void everyBrokenBoundIsNamedWithItsValue() {
        List<String> failed = BoundsChecker.check(BONDED, result(1, 2, flow("call", 21, 812.4)));
        assertThat(failed)
                .containsExactlyInAnyOrder(
                        "max_gap_ms.call: 812 > 300",
                        "lost.call: 21 > 20",
                        "session_resets: 1 > 0",
                        "address_changes: 2 > 0");
        StrategyResult checked = result(1, 2).withBounds(BONDED.size(), failed);
        assertThat(checked.passed()).isFalse();
        assertThat(checked.verdict()).isEqualTo("FAIL");
        assertThat(result(0, 0).withBounds(BONDED.size(), List.of()).verdict()).isEqualTo("PASS");
        assertThat(result(0, 0).withBounds(0, List.of()).verdict())
                .as("no bounds to meet")
                .isEqualTo("-");
    }

    @Test
    void handoversOnceTrafficRunsAreCountedAgainstTheirBound() {
        HandoverRecord settling = new HandoverRecord(-900, "wifi", "lte", "probe-loss", 20);
        HandoverRecord away = new HandoverRecord(1000, "wifi", "lte", "loss", 20);
        HandoverRecord back = new HandoverRecord(11_000, "lte", "wifi", "preferred-returned", 20);
        assertThat(BoundsChecker.check(BONDED, result(List.of(settling, away, back), 0, 0, flow("call", 0, 20))))
                .as("the handover before traffic started does not count")
                .isEmpty();
        assertThat(BoundsChecker.check(BONDED, result(List.of(away, back, away), 0, 0, flow("call", 0, 20))))
                .containsExactly("handovers: 3 > 2");
    }

    @Test
    void aBoundOnAFlowWithoutFiguresFails() {
        assertThat(BoundsChecker.check(BONDED, result(0, 0)))
                .containsExactlyInAnyOrder("max_gap_ms.call: no data > 300", "lost.call: no data > 20");
    }

    @Test
    void noBoundsNothingFails() {
        assertThat(BoundsChecker.check(Expectation.NONE, result(5, 5, flow("call", 999, 30_000))))
                .isEmpty();
    }
}
