package io.quicroam.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzz target (issue #14) for the YAML layer every configuration goes through: any text parses into a
 * {@link ConfigMap} or fails with the one-line located {@link ConfigException}, and so does a typed read of every
 * key at any depth (a key read as the wrong type is the user's typo, not a crash). The input's first byte picks
 * which read, so one run costs one parse and one read per key.
 */
class YamlConfigFuzzTest {
    private static final String FILE = "fuzz.yaml";
    private static final int READS = 12;

    @FuzzTest
    void parsesOrFailsWithALocatedOneLineError(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int read = Byte.toUnsignedInt(input[0]) % READS;
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> readEverything(YamlConfig.parse(text, FILE), read, 0));
    }

    private enum Colour {
        RED,
        DARK_BLUE
    }

    private static void readEverything(ConfigMap map, int read, int depth) throws ConfigException {
        if (depth > 8) {
            return;
        }
        for (String key : List.copyOf(map.keys())) {
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> read(map, key, read));
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
                for (ConfigMap item : map.mapList(key)) {
                    readEverything(item, read, depth + 1);
                }
            });
            ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
                if (map.map(key).isPresent()) {
                    readEverything(map.map(key).get(), read, depth + 1);
                }
            });
        }
        map.finish();
    }

    private static void read(ConfigMap map, String key, int read) throws ConfigException {
        switch (read) {
            case 0 -> map.string(key, "");
            case 1 -> map.integer(key, 0, -5, 1000);
            case 2 -> map.longValue(key, 0, Long.MIN_VALUE, Long.MAX_VALUE);
            case 3 -> map.decimal(key, 0, -1, 1);
            case 4 -> map.bool(key, false);
            case 5 -> map.duration(key, Duration.ZERO, Duration.ZERO, Duration.ofHours(1));
            case 6 -> map.choice(key, Colour.class, Colour.RED);
            case 7 -> map.stringList(key);
            case 8 -> map.choiceList(key, List.of("a", "b"), List.of());
            case 9 -> map.path(key, null);
            case 10 -> map.mapOfMaps(key);
            default -> map.requireString(key);
        }
    }
}
