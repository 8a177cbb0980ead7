package io.quicroam.simulator.scenario;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a long run's random timeline is made of (YAML {@code generate:}): how often something happens, which kinds
 * of events, how long each kind lasts, and whether every link may be broken at once. The events themselves come
 * from the scenario's seed ({@link TimelineGenerator}), so {@code --seed} gives another run of the same kind.
 *
 * @param every     mean time between the starts of two events (each gap is drawn from half to one and a half times it)
 * @param kinds     the kinds to draw from, equally likely
 * @param lasting   how long each kind that lasts (down, blackhole, fade) lasts
 * @param bothLinks whether an outage may begin while another link is out (false: at every moment a link works)
 * @param fadeLoss  the packet loss a fade ramps to (and back from)
 */
public record GeneratorSpec(
        Duration every, List<EventKind> kinds, Map<EventKind, Range> lasting, boolean bothLinks, double fadeLoss) {

    /** The kinds of event a generated timeline has. */
    public enum EventKind {
        /** The interface goes away and comes back (the host is told both times). */
        DOWN,
        /** Everything is silently dropped, both ways, then the link carries traffic again. */
        BLACKHOLE,
        /** The NAT in front of the link forgets its mapping (port or address, at random); the link keeps working. */
        NAT_REBIND,
        /** Loss ramps up to {@code fadeLoss} and back down. */
        FADE,
        /**
         * Every link is silently dropped at once (a tunnel in a lift, a captive portal on both networks), then all
         * carry traffic again: the session must outlive it, not be rebuilt.
         */
        OUTAGE;

        /** Whether the link is impaired for a while (a NAT rebind is instantaneous). */
        public boolean lasts() {
            return this != NAT_REBIND;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A duration drawn uniformly from [min, max]. */
    public record Range(Duration min, Duration max) {
        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("range max " + max + " < min " + min);
            }
        }
    }

    /**
     * Issue #21's mix: carrier losses of 3-5 s, silent blackholes of 4-5 s, fades of 3-6 s, NAT rebinds; and issue
     * #14's outages of every link for 2-4 s (well inside the QUIC idle timeout, so the session can outlive them).
     */
    static final Map<EventKind, Range> DEFAULT_LASTING = Map.of(
            EventKind.DOWN, new Range(Duration.ofSeconds(3), Duration.ofSeconds(5)),
            EventKind.BLACKHOLE, new Range(Duration.ofSeconds(4), Duration.ofSeconds(5)),
            EventKind.FADE, new Range(Duration.ofSeconds(3), Duration.ofSeconds(6)),
            EventKind.OUTAGE, new Range(Duration.ofSeconds(2), Duration.ofSeconds(4)));

    public GeneratorSpec {
        Objects.requireNonNull(every, "every");
        kinds = List.copyOf(kinds);
        lasting = Map.copyOf(lasting);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a generator needs at least one event kind");
        }
        for (EventKind kind : kinds) {
            if (kind.lasts() && !lasting.containsKey(kind)) {
                throw new IllegalArgumentException("no duration for " + kind.label());
            }
        }
    }

    static GeneratorSpec read(ConfigMap m) throws ConfigException {
        Duration every = m.duration("every", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofHours(1));
        List<EventKind> kinds = new ArrayList<>();
        List<String> labels =
                m.has("kinds") ? m.stringList("kinds") : List.of("down", "blackhole", "nat-rebind", "fade");
        for (String label : labels) {
            kinds.add(kindOf(m, label));
        }
        Map<EventKind, Range> lasting = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            if (kind.lasts()) {
                lasting.put(kind, range(m, kind.label(), DEFAULT_LASTING.get(kind)));
            }
        }
        boolean both = m.bool("both-links", false);
        double loss = m.decimal("fade-loss", 0.3, 0, 1);
        m.finish();
        return new GeneratorSpec(every, kinds, lasting, both, loss);
    }

    private static EventKind kindOf(ConfigMap m, String label) throws ConfigException {
        for (EventKind kind : EventKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw m.error("kinds", "a list of down, blackhole, nat-rebind, fade, outage (not '" + label + "')");
    }

    /** {@code down: {min: 3s, max: 5s}}. */
    private static Range range(ConfigMap m, String key, Range def) throws ConfigException {
        ConfigMap r = m.mapOrEmpty(key);
        Duration min = r.duration("min", def.min(), Duration.ofMillis(100), Duration.ofHours(1));
        Duration max = r.duration("max", def.max(), Duration.ofMillis(100), Duration.ofHours(1));
        if (max.compareTo(min) < 0) {
            throw r.error("max", "a duration no shorter than min (" + min.toMillis() + "ms)");
        }
        r.finish();
        return new Range(min, max);
    }
}
