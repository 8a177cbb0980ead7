package io.quicroam.simulator.scenario;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.FadeTarget;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.RateModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads {@code timeline:}, a list of {@code {at, link, action, ...}}, into events in time order (ties keep file
 * order), and checks in that order that every fade can apply: a rate fade needs a constant-rate direction at that
 * moment, after the trace swaps before it.
 */
final class TimelineReader {
    /**
     * The actions a timeline can name. {@code up} also ends a blackhole (silently, as it began); {@code block-udp}
     * and {@code unblock-udp} start and end a firewall that drops UDP and lets TCP pass, independent of the state.
     */
    enum ActionKind {
        UP,
        DOWN,
        BLACKHOLE,
        FADE,
        NAT_REBIND,
        TRACE_SWAP,
        BLOCK_UDP,
        UNBLOCK_UDP
    }

    /** What a NAT rebind changes. */
    enum RebindKind {
        PORT,
        ADDRESS
    }

    private record Located(TimelineEvent event, ConfigMap map) {}

    private final DirectionReader directions;

    TimelineReader(DirectionReader directions) {
        this.directions = directions;
    }

    List<TimelineEvent> read(List<ConfigMap> items, Duration duration, List<ScenarioLink> links)
            throws ConfigException {
        List<String> names = links.stream().map(ScenarioLink::name).toList();
        List<Located> events = new ArrayList<>();
        for (ConfigMap item : items) {
            if (!item.has("at")) {
                throw item.error("at", "a time within the scenario such as 8s (required)");
            }
            Duration at = item.duration("at", null, Duration.ZERO, duration);
            String link = item.requireString("link");
            if (!names.contains(link)) {
                throw item.error("link", "the name of a link of this scenario: one of " + String.join(", ", names));
            }
            ActionKind kind = item.choice("action", ActionKind.class, null);
            if (kind == null) {
                throw item.error(
                        "action",
                        "one of up, down, blackhole, fade, nat-rebind, trace-swap, block-udp, unblock-udp (required)");
            }
            LinkAction action = action(item, kind);
            item.finish();
            events.add(new Located(new TimelineEvent(at, link, action), item));
        }
        events.sort(Comparator.comparing(l -> l.event().at())); // stable: ties keep file order
        checkFades(events, links);
        return events.stream().map(Located::event).toList();
    }

    private LinkAction action(ConfigMap item, ActionKind kind) throws ConfigException {
        return switch (kind) {
            case UP -> new LinkAction.Up();
            case DOWN -> new LinkAction.Down();
            case BLACKHOLE -> new LinkAction.Blackhole();
            case FADE -> fade(item);
            case NAT_REBIND ->
                new LinkAction.Rebind(
                        item.choice("kind", RebindKind.class, RebindKind.PORT) == RebindKind.PORT
                                ? LinkAction.Rebind.Kind.NEW_PORT
                                : LinkAction.Rebind.Kind.NEW_ADDRESS);
            case TRACE_SWAP -> traceSwap(item);
            case BLOCK_UDP -> new LinkAction.BlockUdp(true);
            case UNBLOCK_UDP -> new LinkAction.BlockUdp(false);
        };
    }

    private static LinkAction fade(ConfigMap item) throws ConfigException {
        if (!item.has("over")) {
            throw item.error("over", "how long the fade takes, e.g. 8s (required)");
        }
        Duration over = item.duration("over", null, Duration.ZERO, Duration.ofHours(1));
        OptionalLong rate = OptionalLong.empty();
        if (item.has("rate")) {
            RateModel model = DirectionReader.rate(item, "rate");
            if (!(model instanceof RateModel.ConstantRate constant)) {
                throw item.error("rate", BitRates.EXPECTED + " (a fade ends at a constant rate)");
            }
            rate = OptionalLong.of(constant.bitsPerSecond());
        }
        OptionalDouble loss =
                item.has("loss") ? OptionalDouble.of(item.decimal("loss", 0, 0, 1)) : OptionalDouble.empty();
        if (rate.isEmpty() && loss.isEmpty()) {
            throw item.error("rate", "a target 'rate' and/or 'loss' for the fade");
        }
        FadeTarget target = new FadeTarget(rate, loss);
        return new LinkAction.Fade(over, target, target);
    }

    /** Several directions may swap at once; the action list expands to one SetRate per direction. */
    private LinkAction traceSwap(ConfigMap item) throws ConfigException {
        boolean up = item.has("uplink");
        boolean down = item.has("downlink");
        if (!up && !down) {
            throw item.error("uplink", "a trace (a file or {synthetic: NAME, seed: N}) for 'uplink' or 'downlink'");
        }
        if (up && down) {
            throw item.error("downlink", "one direction per trace-swap event (write a second event at the same time)");
        }
        Direction direction = up ? Direction.UPLINK : Direction.DOWNLINK;
        String key = up ? "uplink" : "downlink";
        return new LinkAction.SetRate(direction, new RateModel.TraceRate(directions.trace(item, key, direction)));
    }

    private static void checkFades(List<Located> events, List<ScenarioLink> links) throws ConfigException {
        Map<String, Map<Direction, RateModel>> rates = new HashMap<>();
        for (ScenarioLink link : links) {
            Map<Direction, RateModel> both = new EnumMap<>(Direction.class);
            both.put(Direction.UPLINK, link.config().uplink().rate());
            both.put(Direction.DOWNLINK, link.config().downlink().rate());
            rates.put(link.name(), both);
        }
        for (Located located : events) {
            Map<Direction, RateModel> now = rates.get(located.event().link());
            if (located.event().action() instanceof LinkAction.SetRate swap) {
                now.put(swap.direction(), swap.rate());
            } else if (located.event().action() instanceof LinkAction.Fade fade
                    && fade.uplink().rateBitsPerSecond().isPresent()
                    && now.values().stream().anyMatch(r -> !(r instanceof RateModel.ConstantRate))) {
                throw located.map()
                        .error(
                                "rate",
                                "a rate fade on a link whose directions both have a constant "
                                        + "'rate' at that time (link "
                                        + located.event().link() + " has a trace or no rate limit;"
                                        + " fade only 'loss' there)");
            }
        }
    }
}
