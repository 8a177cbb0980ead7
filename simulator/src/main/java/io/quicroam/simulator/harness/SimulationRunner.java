package io.quicroam.simulator.harness;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.BoundsChecker;
import io.quicroam.simulator.measure.Outages;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.SoakAnalysis;
import io.quicroam.simulator.measure.SoakCriteria;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.scenario.Expectation;
import io.quicroam.simulator.scenario.Scenario;
import io.quicroam.simulator.scenario.ScenarioLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a scenario once per strategy, one after the other (each on a fresh gateway, relay and agent, with the
 * scenario's seed), checks each against the scenario's bounds for it (and, in soak mode, against the long-run
 * criteria) and collects the results.
 */
public final class SimulationRunner {
    private final Progress progress;
    private final Optional<SoakCriteria> soak;

    public SimulationRunner(Progress progress) {
        this(progress, Optional.empty());
    }

    /** @param soak the long-run criteria every strategy is also judged by ({@code --soak}), if any */
    public SimulationRunner(Progress progress, Optional<SoakCriteria> soak) {
        this.progress = progress;
        this.soak = soak;
    }

    public SimulationResult run(Scenario scenario, List<Mode> strategies) {
        List<StrategyResult> results = new ArrayList<>();
        for (Mode strategy : strategies) {
            StrategyResult result = new StrategyRun(scenario, strategy, progress).run();
            Expectation bounds = scenario.expectation(strategy);
            StrategyResult checked = result.withBounds(bounds.size(), BoundsChecker.check(bounds, result));
            if (soak.isPresent()) {
                Outages outages = Outages.of(
                        scenario.events(),
                        scenario.links().stream().map(ScenarioLink::name).toList(),
                        scenario.duration().toMillis());
                checked = checked.withSoak(SoakAnalysis.analyze(checked, outages, checked.resources(), soak.get()));
            }
            results.add(checked);
        }
        return new SimulationResult(
                scenario.name(),
                scenario.description(),
                scenario.seed(),
                scenario.duration().toMillis() / 1e3,
                results);
    }
}
