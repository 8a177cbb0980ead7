package io.quicroam.simulator.measure;

import java.util.List;

/** A scenario run with one or more strategies on the same seed: what the reports are made from. */
public record SimulationResult(
        String scenario, String description, long seed, double durationSeconds, List<StrategyResult> results) {
    public SimulationResult {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return results.stream().allMatch(StrategyResult::passed);
    }
}
