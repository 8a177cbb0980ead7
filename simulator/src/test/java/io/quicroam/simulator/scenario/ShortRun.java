package io.quicroam.simulator.scenario;

import io.quicroam.config.Durations;
import java.time.Duration;
import java.util.List;

/**
 * A shipped scenario cut down for CI: its quiet lead-in dropped (every event comes {@code skip} earlier) and only
 * {@code length} of what follows run; events after that are left out. The links, their seeds, the traffic and the
 * bounds stay as written, so what is measured is the scenario's own handovers, only fewer of them.
 */
final class ShortRun {
    private ShortRun() {}

    static Scenario of(Scenario scenario, Duration skip, Duration length) {
        if (scenario.generator().isPresent()) {
            throw new IllegalArgumentException(scenario.name() + " draws its timeline from the seed: run it whole");
        }
        for (TimelineEvent event : scenario.timeline()) {
            if (event.at().compareTo(skip) < 0) {
                throw new IllegalArgumentException(scenario.name() + " has an event at " + Durations.format(event.at())
                        + ", inside the " + Durations.format(skip) + " skipped");
            }
        }
        for (FlowSpec flow : scenario.flows()) {
            if (!skip.isZero() && !flow.start().isZero()) {
                throw new IllegalArgumentException("flow " + flow.name() + " does not start with the scenario");
            }
        }
        List<TimelineEvent> kept = scenario.timeline().stream()
                .map(e -> new TimelineEvent(e.at().minus(skip), e.link(), e.action()))
                .filter(e -> e.at().compareTo(length) < 0)
                .toList();
        return new Scenario(
                        scenario.name(),
                        scenario.description(),
                        scenario.source(),
                        scenario.duration(),
                        scenario.seed(),
                        scenario.links(),
                        kept,
                        scenario.generator(),
                        scenario.flows(),
                        scenario.expectations(),
                        scenario.transports(),
                        scenario.strategies())
                .withDuration(length);
    }
}
