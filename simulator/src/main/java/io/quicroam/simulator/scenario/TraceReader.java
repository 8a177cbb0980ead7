package io.quicroam.simulator.scenario;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.simulator.link.CellularProfile;
import io.quicroam.simulator.link.CellularTraceGenerator;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.MahimahiTrace;
import io.quicroam.simulator.link.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a {@code trace} value: a mahimahi trace file (relative to the scenario), or
 * {@code {synthetic: lte-drive, seed: N, length: 10m}}, a trace drawn by {@link CellularTraceGenerator} for the
 * direction it sets (each direction has its own profile and a seed derived from N). Makes each trace once.
 */
final class TraceReader {
    static final Duration DEFAULT_LENGTH = Duration.ofMinutes(10);

    private static final String NAMES = Arrays.stream(CellularProfile.Named.values())
            .map(CellularProfile.Named::label)
            .collect(Collectors.joining(", "));

    private record SyntheticKey(CellularProfile.Named named, Direction direction, long seed, Duration length) {}

    private final Map<Object, MahimahiTrace> traces = new HashMap<>();

    MahimahiTrace read(ConfigMap map, String key, Direction direction) throws ConfigException {
        return map.isMap(key) ? synthetic(map.map(key).orElseThrow(), direction) : file(map, key);
    }

    private MahimahiTrace synthetic(ConfigMap spec, Direction direction) throws ConfigException {
        String label = spec.string("synthetic", null);
        CellularProfile.Named named =
                label == null ? null : CellularProfile.Named.of(label).orElse(null);
        if (named == null) {
            throw spec.error("synthetic", "the name of a synthetic trace: one of " + NAMES + " (required)");
        }
        long seed = spec.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        Duration length = spec.duration("length", DEFAULT_LENGTH, Duration.ofSeconds(10), Duration.ofHours(2));
        spec.finish();
        SyntheticKey key = new SyntheticKey(named, direction, seed, length);
        MahimahiTrace cached = traces.get(key);
        if (cached != null) {
            return cached;
        }
        String dir = direction == Direction.UPLINK ? "uplink" : "downlink";
        MahimahiTrace trace = CellularTraceGenerator.generate(
                named.profile(direction), Seeds.derive(seed, dir), length, label + " " + dir + " seed " + seed);
        traces.put(key, trace);
        return trace;
    }

    private MahimahiTrace file(ConfigMap map, String key) throws ConfigException {
        Path file = map.existingFile(key, null);
        MahimahiTrace cached = traces.get(file);
        if (cached != null) {
            return cached;
        }
        try {
            MahimahiTrace trace = MahimahiTrace.load(file);
            traces.put(file, trace);
            return trace;
        } catch (IOException e) {
            throw map.error(
                    key,
                    "a mahimahi trace (one millisecond offset per line, plain or gzip) or {synthetic: NAME, seed: N}: "
                            + e.getMessage());
        }
    }
}
