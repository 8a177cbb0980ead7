package io.quicroam.simulator.scenario;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.agent.TransportConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.LinkConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a scenario YAML file (see {@code configs/scenarios/} for examples of every key). Every error is a
 * {@link ConfigException} naming the file, line, key and what was expected; relative trace paths resolve
 * against the scenario file's directory, and {@code trace: {synthetic: lte-drive, seed: N}} draws a trace instead.
 */
public final class ScenarioLoader {
    /** Longest scenario accepted: they run in real time (an hour is a soak run). */
    static final Duration MAX_DURATION = Duration.ofHours(1);

    /** The classes a simulated interface can have. */
    enum LinkClass {
        WIFI(InterfaceClass.WIFI),
        CELLULAR(InterfaceClass.CELLULAR),
        ETHERNET(InterfaceClass.ETHERNET);

        final InterfaceClass type;

        LinkClass(InterfaceClass type) {
            this.type = type;
        }
    }

    private final DirectionReader directions = new DirectionReader();

    private ScenarioLoader() {}

    public static Scenario load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return new ScenarioLoader().read(root, stem, file.toString());
    }

    /** Reads scenario YAML text as if from {@code fileName} (the fuzz target's way in, without a file). */
    static Scenario parse(String text, String fileName) throws ConfigException {
        ConfigMap root = YamlConfig.parse(text, fileName);
        return new ScenarioLoader().read(root, "scenario", fileName);
    }

    private Scenario read(ConfigMap root, String defaultName, String source) throws ConfigException {
        rejectUnknownKeys(
                root,
                "name",
                "description",
                "duration",
                "seed",
                "links",
                "timeline",
                "generate",
                "traffic",
                "expect",
                "agent",
                "strategies");
        String name = root.string("name", defaultName);
        String description = root.string("description", "");
        if (!root.has("duration")) {
            throw root.error("duration", "how long the traffic runs, e.g. 30s (required)");
        }
        Duration duration = root.duration("duration", null, Duration.ofSeconds(1), MAX_DURATION);
        long seed = root.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        List<ScenarioLink> links = links(root);
        List<TimelineEvent> timeline = new TimelineReader(directions).read(root.mapList("timeline"), duration, links);
        Optional<GeneratorSpec> generator =
                root.has("generate") ? Optional.of(GeneratorSpec.read(root.mapOrEmpty("generate"))) : Optional.empty();
        List<FlowSpec> flows = flows(root, duration);
        Map<Mode, Expectation> expectations = expectations(root, flows);
        TransportConfig transports = transports(root, links);
        List<Mode> strategies = strategies(root);
        return new Scenario(
                name,
                description,
                source,
                duration,
                seed,
                links,
                timeline,
                generator,
                flows,
                expectations,
                transports,
                strategies);
    }

    /** {@code strategies:}, the ones {@code --strategy all} runs: every one unless the file names some. */
    private static List<Mode> strategies(ConfigMap root) throws ConfigException {
        List<String> labels = Arrays.stream(Mode.values()).map(Mode::label).toList();
        List<String> named = root.choiceList("strategies", labels, labels);
        return Arrays.stream(Mode.values())
                .filter(m -> named.contains(m.label()))
                .toList();
    }

    /**
     * {@code agent:}: what carries the bonded agent's paths, in agent.yaml's keys and with its checks ({@code
     * transport}, {@code http2-after}, {@code transport-by-interface}, which must name links of the scenario).
     */
    private static TransportConfig transports(ConfigMap root, List<ScenarioLink> links) throws ConfigException {
        ConfigMap agent = root.mapOrEmpty("agent");
        rejectUnknownKeys(agent, "transport", "http2-after", "transport-by-interface");
        TransportConfig transports = TransportConfig.from(agent);
        List<String> names = links.stream().map(ScenarioLink::name).toList();
        ConfigMap byInterface = agent.mapOrEmpty("transport-by-interface");
        for (String name : byInterface.keys()) {
            if (!names.contains(name)) {
                throw byInterface.error(
                        name, "the name of a link of this scenario: one of " + String.join(", ", names));
            }
        }
        return transports;
    }

    private List<ScenarioLink> links(ConfigMap root) throws ConfigException {
        List<ConfigMap> items = root.mapList("links");
        if (items.isEmpty()) {
            throw root.error("links", "a list of links, each with at least a name and a class (required)");
        }
        List<ScenarioLink> links = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigMap item : items) {
            rejectUnknownKeys(
                    item,
                    "name",
                    "class",
                    "uplink",
                    "downlink",
                    "delay",
                    "jitter",
                    "reorder",
                    "loss",
                    "rate",
                    "trace",
                    "queue",
                    "block-udp");
            String name = item.requireString("name");
            if (!name.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw item.error("name", "an interface name: 1 to 15 letters, digits, '_', '.', '-'");
            }
            if (!names.add(name)) {
                throw item.error("name", "a name no other link has");
            }
            LinkClass type = item.choice("class", LinkClass.class, null);
            if (type == null) {
                throw item.error("class", "one of wifi, cellular, ethernet (required)");
            }
            // The relay carries UDP payloads; rates and queues count the IPv4 + UDP headers a real link would.
            DirectionConfig ideal = DirectionConfig.IDEAL.withPacketOverhead(DirectionConfig.UDP_IPV4_HEADER_BYTES);
            DirectionConfig uplink = direction(item, Direction.UPLINK, directions.read(item, ideal, Direction.UPLINK));
            DirectionConfig downlink =
                    direction(item, Direction.DOWNLINK, directions.read(item, ideal, Direction.DOWNLINK));
            boolean udpBlocked = item.bool("block-udp", false);
            links.add(new ScenarioLink(name, type.type, new LinkConfig(name, uplink, downlink), udpBlocked));
        }
        return links;
    }

    /**
     * Checks the keys before anything is required, so that a misspelt required key is reported as a typo of it
     * (with the suggestion) rather than as missing.
     */
    private static void rejectUnknownKeys(ConfigMap map, String... known) throws ConfigException {
        for (String key : known) {
            map.has(key);
        }
        map.finish();
    }

    private DirectionConfig direction(ConfigMap link, Direction direction, DirectionConfig base)
            throws ConfigException {
        ConfigMap map = link.mapOrEmpty(direction == Direction.UPLINK ? "uplink" : "downlink");
        DirectionConfig config = directions.read(map, base, direction);
        map.finish();
        return config;
    }

    private static List<FlowSpec> flows(ConfigMap root, Duration duration) throws ConfigException {
        List<ConfigMap> items = root.mapList("traffic");
        if (items.isEmpty()) {
            throw root.error("traffic", "a list of flows, e.g. [{name: call, pps: 50, size: 200}] (required)");
        }
        List<FlowSpec> flows = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigMap item : items) {
            rejectUnknownKeys(item, "name", "kind", "pps", "size", "window", "start", "stop");
            String name = item.requireString("name");
            if (!names.add(name)) {
                throw item.error("name", "a name no other flow has");
            }
            FlowSpec.Kind kind = item.choice("kind", FlowSpec.Kind.class, FlowSpec.Kind.CBR);
            if (!item.has("size")) {
                throw item.error("size", "the UDP payload size in bytes (required)");
            }
            int size = item.integer("size", 0, FlowSpec.MIN_SIZE, FlowSpec.MAX_SIZE);
            Duration start = item.duration("start", Duration.ZERO, Duration.ZERO, duration.minusMillis(1));
            Duration stop = item.duration("stop", duration, start.plusMillis(1), duration);
            FlowSpec flow;
            if (kind == FlowSpec.Kind.CBR) {
                if (!item.has("pps")) {
                    throw item.error("pps", "packets per second of this constant-bit-rate flow (required)");
                }
                flow = FlowSpec.cbr(name, item.integer("pps", 0, 1, 20_000), size, start, stop);
            } else {
                if (!item.has("window")) {
                    throw item.error("window", "how many packets a bulk flow keeps unanswered (required)");
                }
                flow = FlowSpec.bulk(name, size, item.integer("window", 0, 1, 10_000), start, stop);
            }
            flows.add(flow);
        }
        return flows;
    }

    private static Map<Mode, Expectation> expectations(ConfigMap root, List<FlowSpec> flows) throws ConfigException {
        Map<Mode, Expectation> result = new EnumMap<>(Mode.class);
        ConfigMap expect = root.mapOrEmpty("expect");
        for (String key : expect.keys()) {
            result.put(strategyOf(expect, key), expectation(expect.mapOrEmpty(key), flows));
        }
        expect.finish();
        return result;
    }

    private static Mode strategyOf(ConfigMap expect, String key) throws ConfigException {
        for (Mode strategy : Mode.values()) {
            if (strategy.label().equals(key)) {
                return strategy;
            }
        }
        throw expect.error(key, "bounds under a strategy name: bonded, migrate or reconnect (not '" + key + "')");
    }

    private static Expectation expectation(ConfigMap map, List<FlowSpec> flows) throws ConfigException {
        Map<String, Long> gaps = perFlow(map, "max_gap_ms", flows);
        Map<String, Long> lost = perFlow(map, "lost", flows);
        OptionalLong resets = optionalCount(map, "session_resets");
        OptionalLong changes = optionalCount(map, "address_changes");
        OptionalLong handovers = optionalCount(map, "handovers");
        map.finish();
        return new Expectation(gaps, lost, resets, changes, handovers);
    }

    private static Map<String, Long> perFlow(ConfigMap map, String key, List<FlowSpec> flows) throws ConfigException {
        ConfigMap perFlow = map.mapOrEmpty(key);
        List<String> names = flows.stream().map(FlowSpec::name).toList();
        Map<String, Long> bounds = new LinkedHashMap<>();
        for (String flow : perFlow.keys()) {
            if (!names.contains(flow)) {
                throw perFlow.error(flow, "a bound under the name of a flow: one of " + String.join(", ", names));
            }
            bounds.put(flow, perFlow.longValue(flow, 0, 0, Long.MAX_VALUE));
        }
        perFlow.finish();
        return bounds;
    }

    private static OptionalLong optionalCount(ConfigMap map, String key) throws ConfigException {
        return map.has(key) ? OptionalLong.of(map.longValue(key, 0, 0, Long.MAX_VALUE)) : OptionalLong.empty();
    }
}
