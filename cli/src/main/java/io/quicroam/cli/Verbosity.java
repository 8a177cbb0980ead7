package io.quicroam.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v} for the commands that print figures ({@code demo}, {@code bench}): quiet by default, so that no
 * INFO line of a path event lands between the figures; {@code -v} shows them. {@code QUICROAM_LOG_LEVEL} still
 * wins over both.
 */
final class Verbosity {
    @Option(
            names = {"-v", "--verbose"},
            description = "Also log the tunnel's events (INFO) while it runs.")
    boolean verbose;

    /** Sets the log level for this run: WARN, or INFO with {@code -v}. */
    void apply() {
        (verbose ? LogLevel.INFO : LogLevel.WARN).apply();
    }
}
