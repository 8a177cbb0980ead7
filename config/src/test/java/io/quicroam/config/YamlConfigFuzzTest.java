package io.quicroam.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzz target (issue #14) for the YAML layer every configuration goes through: any text parses into a
 * {@link ConfigMap} or fails with the one-line located {@link ConfigException}, and so does every typed read of
 * every key, at any depth (a key read as the wrong type is the user's typo, not a crash).
 */
class YamlConfigFuzzTest {
    private static final String FILE = "fuzz.yaml";

    @FuzzTest
    void parsesOrFailsWithALocatedOneLineError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> readEverything(YamlConfig.parse(text, FILE), 0));
    }

    private enum Colour {
        RED,
        DARK_BLUE
    }

    private static void readEverything(ConfigMap map, int depth) throws ConfigException {
        if (depth > 8) {
            return;
        }
        for (String key : List.copyOf(map.keys())) {
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.string(key, ""));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.integer(key, 0, -5, 1000));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.longValue(key, 0, Long.MIN_VALUE, Long.MAX_VALUE));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.decimal(key, 0, -1, 1));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.bool(key, false));
            ConfigFuzzing.loadsOrFailsWithOneLine(
                    FILE, () -> map.duration(key, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.choice(key, Colour.class, Colour.RED));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.stringList(key));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.choiceList(key, List.of("a", "b"), List.of()));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.path(key, null));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> map.mapOfMaps(key));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
                for (ConfigMap item : map.mapList(key)) {
                    readEverything(item, depth + 1);
                }
            });
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
                if (map.map(key).isPresent()) {
                    readEverything(map.map(key).get(), depth + 1);
                }
            });
        }
        map.finish();
    }
}
