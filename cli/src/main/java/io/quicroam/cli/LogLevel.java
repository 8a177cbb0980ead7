package io.quicroam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.level} in agent.yaml and gateway.yaml. At {@code info} and above quicroam logs no addresses,
 * host names or tokens; {@code debug} and {@code trace} may (for troubleshooting).
 */
enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE;

    /** The environment variable that overrides the configured level ({@link ConsoleLogging}), e.g. for a debug run. */
    static final String OVERRIDE = "QUICROAM_LOG_LEVEL";

    /** Sets the root logger to this level, unless {@link #OVERRIDE} is set. */
    void apply() {
        String override = System.getenv(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return;
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(name()));
        }
    }
}
