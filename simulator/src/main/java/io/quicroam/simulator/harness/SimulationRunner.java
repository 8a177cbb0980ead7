package io.quicroam.simulator.harness;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.BoundsChecker;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.scenario.Expectation;
import io.quicroam.simulator.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario once per strategy, one after the other (each on a fresh gateway, relay and agent, with the
 * scenario's seed), checks each against the scenario's bounds for it and collects the results.
 */
public final class SimulationRunner {
    private final Progress progress;

    public SimulationRunner(Progress progress) {
        this.progress = progress;
    }

    public SimulationResult run(Scenario scenario, List<Mode> strategies) {
        List<StrategyResult> results = new ArrayList<>();
        for (Mode strategy : strategies) {
            StrategyResult result = new StrategyRun(scenario, strategy, progress).run();
            Expectation bounds = scenario.expectation(strategy);
            results.add(result.withBounds(bounds.size(), BoundsChecker.check(bounds, result)));
        }
        return new SimulationResult(scenario.name(), scenario.description(), scenario.seed(),
                scenario.duration().toMillis() / 1e3, results);
    }
}
