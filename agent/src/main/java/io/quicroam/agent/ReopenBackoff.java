package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When to try an interface's path again after it failed to open or was lost: soon at first, then doubling up to a
 * ceiling, so a gateway that is down is not hammered; an open path starts the interface afresh.
 *
 * <p>Threads: the path manager's thread only (the reopen runs on it too).
 */
final class ReopenBackoff {
    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(30);

    private final TimeSource time;
    private final Map<String, Duration> next = new HashMap<>();

    ReopenBackoff(TimeSource time) {
        this.time = time;
    }

    /** Runs {@code reopen} after {@code interfaceName}'s current delay, and doubles the delay. */
    void schedule(String interfaceName, Runnable reopen) {
        Duration delay = next.getOrDefault(interfaceName, FIRST);
        Duration doubled = delay.multipliedBy(2);
        next.put(interfaceName, doubled.compareTo(MAX) > 0 ? MAX : doubled);
        time.schedule(delay, reopen);
    }

    /** A path on {@code interfaceName} opened: its next failure waits {@link #FIRST} again. */
    void reset(String interfaceName) {
        next.remove(interfaceName);
    }
}
