package io.quicroam.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping with typed getters whose errors name file, line, column and key path. It remembers which keys
 * were read so that {@link #finish()} can reject the rest (typos). An explicit null value ({@code key:} or
 * {@code key: ~}) counts as absent. Not thread-safe: read a configuration on one thread.
 */
public final class ConfigMap {
    /** The file every map of one document shares. */
    record Source(String fileName, Path baseDir, ConfigWarnings warnings) {}

    private final Source source;
    private final String path;
    private final Mark mark;
    private final Map<String, NodeTuple> entries;
    private final Set<String> read = new HashSet<>();

    private ConfigMap(Source source, String path, Mark mark, Map<String, NodeTuple> entries) {
        this.source = source;
        this.path = path;
        this.mark = mark;
        this.entries = entries;
    }

    static ConfigMap of(Source source, String path, MappingNode node) throws ConfigException {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String keyPath = join(path, "?");
            if (!(keyNode instanceof ScalarNode scalar) || keyNode.getTag().equals(Tag.NULL)) {
                throw locatedAt(
                        source, keyNode, keyPath, "a plain key", "expected a plain key, got " + describe(keyNode));
            }
            if (keyNode.getTag().equals(Tag.MERGE)) {
                throw locatedAt(
                        source, keyNode, path, "plain keys", "merge keys (<<) are not supported; write the keys out");
            }
            String key = scalar.getValue();
            NodeTuple first = entries.putIfAbsent(key, tuple);
            if (first != null) {
                throw locatedAt(
                        source,
                        keyNode,
                        join(path, key),
                        "each key once",
                        "duplicate key '" + key + "' (first at line "
                                + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
            }
        }
        return new ConfigMap(source, path, node.getStartMark(), entries);
    }

    static ConfigMap empty(Source source, String path, Mark mark) {
        return new ConfigMap(source, path, mark, Map.of());
    }

    /** Dotted key path of this map: {@code ""} for the root, e.g. {@code server} or {@code interfaces.wlan0}. */
    public String path() {
        return path;
    }

    /** The file name as given to the loader. */
    public String file() {
        return source.fileName();
    }

    /** The directory relative paths resolve against. */
    public Path baseDir() {
        return source.baseDir();
    }

    /** Non-fatal findings for the whole file (shared by all maps of it). */
    public ConfigWarnings warnings() {
        return source.warnings();
    }

    /** Records a non-fatal finding located at {@code key} (or this map). */
    public void warn(String key, String message) {
        Node at = rawValue(key);
        int[] lc = position(at == null ? null : at.getStartMark(), mark);
        String located = source.fileName() + (lc[0] > 0 ? ":" + lc[0] + ":" + lc[1] : "") + ": "
                + (key == null ? path : join(path, key)) + ": " + message;
        source.warnings().add(located);
    }

    /**
     * True if the key is present with a non-null value. Asking makes it a known key, so {@link #finish()} neither
     * rejects it nor leaves it out of the valid keys it lists (for optional settings read only when present).
     */
    public boolean has(String key) {
        read.add(key);
        return rawValue(key) != null;
    }

    /** True if the key holds a mapping, for a key that takes a scalar or a map (marks it known, as {@link #has}). */
    public boolean isMap(String key) {
        read.add(key);
        return rawValue(key) instanceof MappingNode;
    }

    /** Keys in document order, including ones whose value is null. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public Optional<ConfigMap> map(String key) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(key, node, "a mapping of keys");
        }
        return Optional.of(of(source, join(path, key), mapping));
    }

    /** The nested map, or an empty one (located at this map) when absent. */
    public ConfigMap mapOrEmpty(String key) throws ConfigException {
        Optional<ConfigMap> map = map(key);
        return map.isPresent() ? map.get() : empty(source, join(path, key), keyMark(key));
    }

    /** A mapping whose values are mappings, e.g. {@code interfaces: {wlan0: {...}, "docker*": {...}}}, in document order. */
    public Map<String, ConfigMap> mapOfMaps(String key) throws ConfigException {
        Optional<ConfigMap> outer = map(key);
        if (outer.isEmpty()) {
            return Map.of();
        }
        ConfigMap parent = outer.get();
        Map<String, ConfigMap> result = new LinkedHashMap<>();
        for (String name : parent.keys()) {
            result.put(name, parent.mapOrEmpty(name));
        }
        return Collections.unmodifiableMap(result);
    }

    public String string(String key, String def) throws ConfigException {
        Node node = value(key);
        return node == null ? def : scalar(key, node, "a string");
    }

    public String requireString(String key) throws ConfigException {
        String value = string(key, null);
        if (value == null) {
            throw absent(key, "a string (required)");
        }
        return value;
    }

    public int integer(String key, int def, int min, int max) throws ConfigException {
        return (int) longValue(key, def, min, max, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public long longValue(String key, long def, long min, long max) throws ConfigException {
        return longValue(key, def, min, max, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private long longValue(String key, long def, long min, long max, long typeMin, long typeMax)
            throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String expected = range("an integer", min, max, typeMin, typeMax);
        String text = scalar(key, node, expected);
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, node, expected);
        }
        if (value < min || value > max) {
            throw error(key, node, expected);
        }
        return value;
    }

    private static String range(String what, long min, long max, long typeMin, long typeMax) {
        if (min <= typeMin && max >= typeMax) {
            return what;
        }
        if (max >= typeMax) {
            return what + " >= " + min;
        }
        if (min <= typeMin) {
            return what + " <= " + max;
        }
        return what + " between " + min + " and " + max;
    }

    public double decimal(String key, double def, double min, double max) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String expected = "a number between " + min + " and " + max;
        String text = scalar(key, node, expected);
        double value;
        try {
            value = Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(key, node, expected);
        }
        // NaN fails both comparisons, so it is rejected here too.
        if (!(value >= min && value <= max)) {
            throw error(key, node, expected);
        }
        return value;
    }

    public boolean bool(String key, boolean def) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = scalar(key, node, "true or false").toLowerCase(Locale.ROOT);
        // YAML 1.1 booleans, which SnakeYAML's resolver also accepts.
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, node, "true or false");
        };
    }

    /** {@code min} and {@code max} may be null for no bound. Bare numbers are rejected: the unit must be explicit. */
    public Duration duration(String key, Duration def, Duration min, Duration max) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String expected = durationRange(min, max);
        String text = scalar(key, node, expected);
        Optional<Durations.Parsed> parsed = Durations.parse(text);
        if (parsed.isEmpty()) {
            throw error(key, node, expected);
        }
        if (parsed.get().bareNumber()) {
            throw error(
                    key,
                    node,
                    expected,
                    " (a bare number is ambiguous: add a unit, e.g. '" + text.trim() + "ms' or '" + text.trim()
                            + "s')");
        }
        Duration value = parsed.get().value();
        if ((min != null && value.compareTo(min) < 0) || (max != null && value.compareTo(max) > 0)) {
            throw error(key, node, expected);
        }
        return value;
    }

    private static String durationRange(Duration min, Duration max) {
        String what = "a duration such as 250ms, 5s, 2m or 1h";
        if (min != null && max != null) {
            return what + ", between " + Durations.format(min) + " and " + Durations.format(max);
        }
        if (min != null) {
            return what + ", at least " + Durations.format(min);
        }
        if (max != null) {
            return what + ", at most " + Durations.format(max);
        }
        return what;
    }

    /** YAML spells enum constants in kebab-case: {@code active-backup} is {@code ACTIVE_BACKUP}. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E def) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        List<String> allowed =
                Arrays.stream(type.getEnumConstants()).map(ConfigMap::kebab).toList();
        String expected = "one of " + String.join(", ", allowed);
        String text = scalar(key, node, expected).trim();
        for (E constant : type.getEnumConstants()) {
            if (kebab(constant).equals(text.toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return constant;
            }
        }
        String hint = Suggestions.closest(text, allowed)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        throw error(key, node, expected, hint);
    }

    /** The YAML spelling of an enum constant: lower kebab-case. */
    public static String kebab(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A list of strings; absent means empty. */
    public List<String> stringList(String key) throws ConfigException {
        SequenceNode sequence = sequence(key, "a list of strings");
        if (sequence == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            if (!(item instanceof ScalarNode scalar) || item.getTag().equals(Tag.NULL)) {
                throw locatedAt(
                        source,
                        item,
                        join(path, key) + "[" + i + "]",
                        "a string",
                        "expected a string, got " + describe(item));
            }
            result.add(scalar.getValue());
        }
        return List.copyOf(result);
    }

    /**
     * A non-empty list of distinct names, each one of {@code allowed} (case as written there), in the order written;
     * absent means {@code def}. An unknown entry is located at its own line, with a "did you mean".
     */
    public List<String> choiceList(String key, List<String> allowed, List<String> def) throws ConfigException {
        SequenceNode sequence = sequence(key, "a list of " + String.join(", ", allowed));
        if (sequence == null) {
            return def;
        }
        String expected = "a non-empty list of distinct names among " + String.join(", ", allowed);
        if (sequence.getValue().isEmpty()) {
            throw error(key, sequence, expected);
        }
        List<String> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String text = item instanceof ScalarNode scalar ? scalar.getValue().trim() : null;
            if (text == null || !allowed.contains(text) || result.contains(text)) {
                String hint = text == null || result.contains(text)
                        ? ""
                        : Suggestions.closest(text, allowed)
                                .map(s -> " (did you mean '" + s + "'?)")
                                .orElse("");
                throw locatedAt(
                        source,
                        item,
                        join(path, key) + "[" + i + "]",
                        expected,
                        "expected one of " + String.join(", ", allowed) + " (each once), got " + describe(item) + hint);
            }
            result.add(text);
        }
        return List.copyOf(result);
    }

    /** A list of mappings; absent means empty. Their paths are {@code key[0]}, {@code key[1]}... */
    public List<ConfigMap> mapList(String key) throws ConfigException {
        SequenceNode sequence = sequence(key, "a list of mappings");
        if (sequence == null) {
            return List.of();
        }
        List<ConfigMap> result = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = join(path, key) + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode mapping)) {
                throw locatedAt(
                        source,
                        items.get(i),
                        itemPath,
                        "a mapping of keys",
                        "expected a mapping of keys, got " + describe(items.get(i)));
            }
            result.add(of(source, itemPath, mapping));
        }
        return List.copyOf(result);
    }

    private SequenceNode sequence(String key, String expected) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(key, node, expected);
        }
        return sequence;
    }

    /** A path; a relative one resolves against the config file's directory. {@code def} is returned as given. */
    public Path path(String key, Path def) throws ConfigException {
        Node node = value(key);
        if (node == null) {
            return def;
        }
        String text = scalar(key, node, "a file path");
        if (text.isBlank()) {
            throw error(key, node, "a file path");
        }
        try {
            return source.baseDir().resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw error(key, node, "a file path", " (" + e.getReason() + ")");
        }
    }

    /** Like {@link #path} but the file must exist and be readable. */
    public Path existingFile(String key, Path def) throws ConfigException {
        Path file = path(key, def);
        if (file == null) {
            return null;
        }
        String why = !Files.exists(file)
                ? "no such file"
                : !Files.isRegularFile(file) ? "not a regular file" : !Files.isReadable(file) ? "not readable" : null;
        if (why != null) {
            Node node = rawValue(key);
            throw locatedAt(
                    source,
                    node,
                    join(path, key),
                    "an existing readable file",
                    "expected an existing readable file, got '" + file + "' (" + why + ")",
                    mark);
        }
        return file;
    }

    /** An error located at {@code key}'s value (or at this map if the key is absent or null), quoting a scalar value. */
    public ConfigException error(String key, String expected) {
        Node node = key == null ? null : rawValue(key);
        return node == null ? absent(key, expected) : error(key, node, expected);
    }

    /** Rejects every key that was never read, suggesting the closest valid key. */
    public void finish() throws ConfigException {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (read.contains(entry.getKey())) {
                continue;
            }
            String typo = entry.getKey();
            List<String> valid = read.stream().sorted().collect(Collectors.toList());
            String hint = Suggestions.closest(typo, valid)
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse("");
            String expected = valid.isEmpty() ? "no keys here" : "one of the keys " + String.join(", ", valid);
            throw locatedAt(
                    source,
                    entry.getValue().getKeyNode(),
                    join(path, typo),
                    expected,
                    "unknown key '" + typo + "'" + hint + " (valid keys: "
                            + (valid.isEmpty() ? "none" : String.join(", ", valid)) + ")");
        }
    }

    // ---- internals ----

    /** The value node, marking the key as read; null when absent or explicitly null. */
    private Node value(String key) {
        read.add(key);
        return rawValue(key);
    }

    private Node rawValue(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || tuple.getValueNode().getTag().equals(Tag.NULL)) {
            return null;
        }
        return tuple.getValueNode();
    }

    private Mark keyMark(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? mark : tuple.getKeyNode().getStartMark();
    }

    private String scalar(String key, Node node, String expected) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(key, node, expected);
        }
        return scalar.getValue();
    }

    private ConfigException error(String key, Node node, String expected) {
        return error(key, node, expected, "");
    }

    private ConfigException error(String key, Node node, String expected, String hint) {
        return locatedAt(
                source, node, join(path, key), expected, "expected " + expected + ", got " + describe(node) + hint);
    }

    /** Nothing usable at {@code key}: located at the key if written with a null value, else at this map. */
    private ConfigException absent(String key, String expected) {
        int[] lc = position(key == null ? null : keyMark(key), mark);
        return new ConfigException(
                source.fileName(),
                lc[0],
                lc[1],
                key == null ? path : join(path, key),
                expected,
                "expected " + expected);
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return node.getTag().equals(Tag.NULL) ? "nothing" : "'" + scalar.getValue() + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return "nothing";
    }

    private static int[] position(Mark preferred, Mark fallback) {
        Mark m = preferred != null ? preferred : fallback;
        return m == null ? new int[] {1, 1} : new int[] {m.getLine() + 1, m.getColumn() + 1};
    }

    private static ConfigException locatedAt(Source source, Node node, String keyPath, String expected, String detail) {
        return locatedAt(source, node, keyPath, expected, detail, null);
    }

    private static ConfigException locatedAt(
            Source source, Node node, String keyPath, String expected, String detail, Mark fallback) {
        int[] lc = position(node == null ? null : node.getStartMark(), fallback);
        return new ConfigException(source.fileName(), lc[0], lc[1], keyPath, expected, detail);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
