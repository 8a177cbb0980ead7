package io.quicroam.config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What issue #14 asks of every YAML loader under fuzzing: bad input fails with the one-line, located
 * {@link ConfigException} ({@code file:line:column: key: expected ...}), never with another exception or a message a
 * stack trace would be needed to read. The fuzz targets of the config, agent, gateway and simulator modules share it.
 */
public final class ConfigFuzzing {
    private ConfigFuzzing() {}

    /** A loader's run on fuzzed text. */
    @FunctionalInterface
    public interface Load {
        void run() throws ConfigException;
    }

    /** Runs {@code load}; a ConfigException must be the one-line error about {@code fileName}. */
    public static void loadsOrFailsWithOneLine(String fileName, Load load) {
        try {
            load.run();
        } catch (ConfigException e) {
            assertOneLine(fileName, e);
        }
    }

    public static void assertOneLine(String fileName, ConfigException e) {
        assertThat(e.getMessage()).as("one line").doesNotContain("\n").doesNotContain("\r");
        assertThat(e.getMessage()).as("located in the file").startsWith(fileName + ":");
        assertThat(e.file()).isEqualTo(fileName);
    }
}
