package io.quicroam.simulator.measure;

import io.quicroam.agent.Agent.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything measured for one strategy on one scenario. {@code error} is set when the run could not complete
 * (e.g. the tunnel never came up); then the figures cover what happened before. A result passes when it has no
 * error and no failed bound.
 *
 * @param boundsChecked how many bounds the scenario sets for this strategy (0: nothing to pass or fail)
 * @param failedBounds each bound the run broke, named as in the scenario, e.g. {@code max_gap_ms.call: 812 > 300}
 * @param resources    what the process held over the run, sampled every second
 * @param soak         a long run's own figures ({@code --soak}); its failures are among the failed bounds
 */
public record StrategyResult(
        Mode strategy,
        String error,
        List<FlowResult> flows,
        List<HandoverRecord> handovers,
        long sessionResets,
        long addressChanges,
        List<PathResult> paths,
        List<LinkEvent> linkEvents,
        int boundsChecked,
        List<String> failedBounds,
        List<ResourceSample> resources,
        Optional<SoakResult> soak) {
    public StrategyResult {
        Objects.requireNonNull(strategy, "strategy");
        flows = List.copyOf(flows);
        handovers = List.copyOf(handovers);
        paths = List.copyOf(paths);
        linkEvents = List.copyOf(linkEvents);
        failedBounds = List.copyOf(failedBounds);
        resources = List.copyOf(resources);
        Objects.requireNonNull(soak, "soak");
    }

    public boolean passed() {
        return error == null && failedBounds.isEmpty();
    }

    public StrategyResult withBounds(int checked, List<String> failed) {
        return new StrategyResult(
                strategy,
                error,
                flows,
                handovers,
                sessionResets,
                addressChanges,
                paths,
                linkEvents,
                checked,
                failed,
                resources,
                soak);
    }

    /** With {@code verdict}; its failures join the failed bounds. */
    public StrategyResult withSoak(SoakResult verdict) {
        List<String> failed = new ArrayList<>(failedBounds);
        failed.addAll(verdict.failed());
        return new StrategyResult(
                strategy,
                error,
                flows,
                handovers,
                sessionResets,
                addressChanges,
                paths,
                linkEvents,
                boundsChecked + 1,
                failed,
                resources,
                Optional.of(verdict));
    }

    /** PASS, FAIL, ERROR (the run did not complete), or "-" when the scenario sets no bounds for the strategy. */
    public String verdict() {
        return error != null ? "ERROR" : !failedBounds.isEmpty() ? "FAIL" : boundsChecked == 0 ? "-" : "PASS";
    }
}
