package io.quicroam.agent;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the agent's start-up (DEBUG): each phase is logged with the milliseconds since the process started, JVM
 * start included, so that `quicroam agent` to the TUN device having its address can be read off one log. Phases that
 * every path goes through (handshake, SETTINGS, response) are logged for each path; the first ones are start-up.
 */
public final class StartupPhases {
    private static final Logger log = LoggerFactory.getLogger(StartupPhases.class);
    private static final long PROCESS_START_MILLIS = ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .orElseGet(System::currentTimeMillis);

    private StartupPhases() {}

    /** Logs that {@code phase} is done now (DEBUG). */
    public static void reached(String phase) {
        if (log.isDebugEnabled()) {
            log.debug("start-up: {} at {} ms", phase, System.currentTimeMillis() - PROCESS_START_MILLIS);
        }
    }
}
