package io.quicroam.simulator.scenario;

import io.quicroam.simulator.link.FadeTarget;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.Seeds;
import io.quicroam.simulator.scenario.GeneratorSpec.EventKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws a long run's timeline from a {@link GeneratorSpec} and the scenario's seed: one event at a time, each on a
 * link drawn at random among those free at that moment. Without {@code both-links}, an outage starts only while every
 * other link is free and has been for {@link #SETTLE}: at every moment one link works, and a link that came back has
 * had a moment to be used again before the other one goes. An outage blackholes every link at once, and only
 * when all have been free for {@link #SETTLE}. The same spec, links, duration and seed always give the same timeline.
 */
public final class TimelineGenerator {
    /** Nothing happens in the first seconds: the run starts from settled paths. */
    static final Duration QUIET_START = Duration.ofSeconds(2);
    /** Every outage is over this long before the end, so the recovery from it is measured too. */
    static final Duration QUIET_END = Duration.ofSeconds(3);
    /** Without both-links, the time between one link's recovery and the next outage on another link. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** How long a fade takes to ramp up to its loss, and back down. */
    static final Duration RAMP = Duration.ofMillis(500);

    private TimelineGenerator() {}

    public static List<TimelineEvent> generate(
            GeneratorSpec spec, List<ScenarioLink> links, Duration duration, long seed) {
        Random random = new Random(Seeds.derive(seed, "generated-timeline"));
        long end = duration.minus(QUIET_END).toNanos();
        Map<String, Long> freeFrom = new HashMap<>();
        links.forEach(l -> freeFrom.put(l.name(), 0L));
        List<TimelineEvent> events = new ArrayList<>();
        long every = spec.every().toNanos();
        long at = QUIET_START.toNanos();
        while (true) {
            at += every / 2 + (long) (random.nextDouble() * every);
            EventKind kind = spec.kinds().get(random.nextInt(spec.kinds().size()));
            long lasts = kind.lasts() ? draw(random, spec.lasting().get(kind)) : 0;
            if (at + lasts > end) {
                break;
            }
            List<String> hit;
            if (kind == EventKind.OUTAGE) {
                hit = allSettled(links, freeFrom, at);
            } else {
                List<String> free = free(links, freeFrom, at, kind.lasts() && !spec.bothLinks());
                hit = free.isEmpty() ? free : List.of(free.get(random.nextInt(free.size())));
            }
            if (hit.isEmpty()) {
                continue; // this draw falls into another event: the next one comes later
            }
            for (String link : hit) {
                events.addAll(eventsOf(kind, link, at, lasts, spec.fadeLoss(), random));
                freeFrom.put(link, at + lasts);
            }
        }
        events.sort(Comparator.comparing(TimelineEvent::at));
        return events;
    }

    /** Links with nothing going on at {@code at}; {@code othersSettled}: none at all unless every other link is too. */
    private static List<String> free(
            List<ScenarioLink> links, Map<String, Long> freeFrom, long at, boolean othersSettled) {
        List<String> free = new ArrayList<>();
        for (ScenarioLink link : links) {
            if (freeFrom.get(link.name()) > at) {
                continue;
            }
            boolean othersOk = links.stream()
                    .filter(o -> o != link)
                    .allMatch(o -> freeFrom.get(o.name()) + SETTLE.toNanos() <= at);
            if (!othersSettled || othersOk) {
                free.add(link.name());
            }
        }
        return free;
    }

    /** Every link, when each has been free for {@link #SETTLE} at {@code at} (an outage takes them all); else none. */
    private static List<String> allSettled(List<ScenarioLink> links, Map<String, Long> freeFrom, long at) {
        boolean settled = links.stream().allMatch(l -> freeFrom.get(l.name()) + SETTLE.toNanos() <= at);
        return settled ? links.stream().map(ScenarioLink::name).toList() : List.of();
    }

    private static long draw(Random random, GeneratorSpec.Range range) {
        long min = range.min().toNanos();
        // Whole milliseconds, so the timeline reads back exactly from its YAML form.
        long nanos = min + (long) (random.nextDouble() * (range.max().toNanos() - min));
        return Duration.ofMillis(Duration.ofNanos(nanos).toMillis()).toNanos();
    }

    private static List<TimelineEvent> eventsOf(
            EventKind kind, String link, long atNanos, long lastsNanos, double fadeLoss, Random random) {
        Duration at = Duration.ofMillis(Duration.ofNanos(atNanos).toMillis());
        Duration until = at.plusNanos(lastsNanos);
        return switch (kind) {
            case DOWN ->
                List.of(
                        new TimelineEvent(at, link, new LinkAction.Down()),
                        new TimelineEvent(until, link, new LinkAction.Up()));
            case BLACKHOLE, OUTAGE ->
                List.of(
                        new TimelineEvent(at, link, new LinkAction.Blackhole()),
                        new TimelineEvent(until, link, new LinkAction.Up()));
            case NAT_REBIND ->
                List.of(new TimelineEvent(
                        at,
                        link,
                        new LinkAction.Rebind(
                                random.nextBoolean()
                                        ? LinkAction.Rebind.Kind.NEW_PORT
                                        : LinkAction.Rebind.Kind.NEW_ADDRESS)));
            case FADE ->
                List.of(
                        new TimelineEvent(at, link, fade(fadeLoss)),
                        new TimelineEvent(until.minus(RAMP), link, fade(0)));
        };
    }

    private static LinkAction fade(double loss) {
        FadeTarget target = FadeTarget.loss(loss);
        return new LinkAction.Fade(RAMP, target, target);
    }
}
