package io.quicroam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * quicroam's logging, set up in code (logback finds it through {@code META-INF/services}): readable foreground lines
 * on stderr, nothing written to disk (privacy), netty at WARN, the root at {@code QUICROAM_LOG_LEVEL} or INFO until
 * the configuration's {@code logging.level} applies ({@link LogLevel}). In code rather than in a logback.xml because
 * reading one loads logback's XML configurator and the JDK's XML parser, some 500 classes: about 3 MiB of class
 * metadata and a few hundred milliseconds of every start. {@code -Dlogback.configurationFile=FILE} still wins.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %-24logger{0} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String override = System.getenv(LogLevel.OVERRIDE);
        root.setLevel(Level.toLevel(override, Level.INFO));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
