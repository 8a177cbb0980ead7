package io.quicroam.simulator.scenario;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.agent.TransportConfig;
import io.quicroam.config.Durations;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A handover experiment: emulated links (one per simulated interface), what happens to them and when, the inner
 * traffic, how long it runs, the seed every random stream derives from, and the bounds each strategy must meet.
 * Immutable; read one with {@link ScenarioLoader}.
 *
 * @param source    where it was read from, for reports
 * @param timeline  the events written in the scenario
 * @param generator random events drawn from the seed on top of them (a long run), if any
 * @param transports what carries the agent's paths under the bonded strategy ({@code agent:} in the file; QUIC by
 *                   default); the other strategies stand for RFC 9484 clients over HTTP/3 and always use QUIC
 * @param strategies the strategies {@code --strategy all} runs ({@code strategies:}; default every one): a scenario
 *                   in which a strategy cannot open a tunnel at all says so instead of failing every run
 */
public record Scenario(
        String name,
        String description,
        String source,
        Duration duration,
        long seed,
        List<ScenarioLink> links,
        List<TimelineEvent> timeline,
        Optional<GeneratorSpec> generator,
        List<FlowSpec> flows,
        Map<Mode, Expectation> expectations,
        TransportConfig transports,
        List<Mode> strategies) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(duration, "duration");
        links = List.copyOf(links);
        timeline = List.copyOf(timeline);
        Objects.requireNonNull(generator, "generator");
        flows = List.copyOf(flows);
        expectations = Map.copyOf(expectations);
        Objects.requireNonNull(transports, "transports");
        strategies = List.copyOf(strategies);
        if (links.isEmpty() || flows.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " needs at least one link and one flow");
        }
    }

    /** The bounds for {@code strategy}; {@link Expectation#NONE} when the scenario sets none. */
    public Expectation expectation(Mode strategy) {
        return expectations.getOrDefault(strategy, Expectation.NONE);
    }

    /** What carries the paths of {@code strategy}'s agent: the scenario's choice for bonded, QUIC otherwise. */
    public TransportConfig transports(Mode strategy) {
        return strategy == Mode.BONDED ? transports : TransportConfig.DEFAULT;
    }

    public Optional<ScenarioLink> link(String linkName) {
        return links.stream().filter(l -> l.name().equals(linkName)).findFirst();
    }

    /** The same scenario with another seed (the command line's {@code --seed}); a generated timeline changes too. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(
                name,
                description,
                source,
                duration,
                newSeed,
                links,
                timeline,
                generator,
                flows,
                expectations,
                transports,
                strategies);
    }

    /**
     * The same scenario run for {@code newDuration} (the command line's {@code --duration}, e.g. a generated chaos
     * run stretched to an hour): flows that ran to the end still do, a generated timeline is drawn for the new
     * length. Refused when a written event or a flow's start would fall outside it.
     */
    public Scenario withDuration(Duration newDuration) {
        if (newDuration.compareTo(Duration.ofSeconds(1)) < 0
                || newDuration.compareTo(ScenarioLoader.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a duration between 1s and 1h, not " + Durations.format(newDuration));
        }
        for (TimelineEvent event : timeline) {
            if (event.at().compareTo(newDuration) > 0) {
                throw new IllegalArgumentException("the scenario has an event at " + Durations.format(event.at())
                        + ", after " + Durations.format(newDuration));
            }
        }
        List<FlowSpec> stretched = flows.stream()
                .map(f -> {
                    if (f.start().compareTo(newDuration) >= 0) {
                        throw new IllegalArgumentException(
                                "flow " + f.name() + " starts after " + Durations.format(newDuration));
                    }
                    boolean toTheEnd = f.stop().equals(duration) || f.stop().compareTo(newDuration) > 0;
                    return toTheEnd ? f.withStop(newDuration) : f;
                })
                .toList();
        return new Scenario(
                name,
                description,
                source,
                newDuration,
                seed,
                links,
                timeline,
                generator,
                stretched,
                expectations,
                transports,
                strategies);
    }

    /**
     * Every event of the run in time order: the written ones and, with a generator, the seed's (ties: written
     * first).
     */
    public List<TimelineEvent> events() {
        if (generator.isEmpty()) {
            return timeline;
        }
        List<TimelineEvent> generated = TimelineGenerator.generate(generator.get(), links, duration, seed);
        return Stream.concat(timeline.stream(), generated.stream())
                .sorted(Comparator.comparing(TimelineEvent::at))
                .toList();
    }
}
