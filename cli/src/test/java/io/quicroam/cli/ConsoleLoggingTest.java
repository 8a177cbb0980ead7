package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** quicroam's logging without a logback.xml: what the file said, set up in code, and found by logback itself. */
class ConsoleLoggingTest {
    @Test
    void stderrAtInfoWithNettyAtWarn() {
        LoggerContext context = new LoggerContext();
        ExecutionStatus status = new ConsoleLogging().configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isNotNull();
        assertThat(root.getLevel()).isEqualTo(Level.toLevel(System.getenv(LogLevel.OVERRIDE), Level.INFO));
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void logbackUsesItWithoutAnXmlFile() {
        // This JVM's logging was set up by logback's ServiceLoader lookup: the appender is ConsoleLogging's.
        assertThat(LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .isInstanceOfSatisfying(
                        ch.qos.logback.classic.Logger.class,
                        root -> assertThat(root.getAppender("STDERR")).isNotNull());
        assertThat(getClass().getResource("/logback.xml")).isNull();
    }
}
