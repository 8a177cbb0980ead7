package io.quicroam.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A YAML file's values by dotted key, two levels deep ({@code tunnel.include}, {@code interfaces.wlan0},
 * {@code probes.active-interval}, {@code mode}): what a reload compares to say which keys changed.
 */
final class ConfigKeys {
    private ConfigKeys() {}

    /** Reads {@code file} (already validated, so only I/O can fail). */
    static Map<String, Object> read(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        if (document instanceof Map<?, ?> root) {
            root.forEach((key, value) -> {
                if (value instanceof Map<?, ?> section) {
                    section.forEach((sub, subValue) -> keys.put(key + "." + sub, subValue));
                } else {
                    keys.put(String.valueOf(key), value);
                }
            });
        }
        return keys;
    }

    /** The keys whose values differ, present in one and not the other included; sorted. */
    static Set<String> changed(Map<String, Object> before, Map<String, Object> after) {
        Set<String> changed = new TreeSet<>();
        for (String key : union(before, after)) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return changed;
    }

    private static Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
