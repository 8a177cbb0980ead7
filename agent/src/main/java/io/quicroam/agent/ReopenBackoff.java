package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * When to try an interface's path again after it failed to open or was lost. How soon depends on why: a network
 * that said nothing is tried again at once (the attempt already waited {@link PathLifecycle#OPEN_TIMEOUT}) or within
 * a second (a local error), so a path is back within about a second of its network; a gateway that answered and
 * refused is up and said no, so it is asked again only after a doubling wait, not hammered. An open path starts the
 * interface afresh.
 *
 * <p>Threads: the path manager's thread only (the reopen runs on it too).
 */
final class ReopenBackoff {
    /** Why an interface is tried again. */
    enum Cause {
        /** The attempt got no answer in time, or the open path fell silent or closed: the wait is behind us. */
        SILENCE,
        /** It failed at once without a word from the gateway (no route, a socket error): soon, at most a second. */
        NETWORK,
        /** The gateway answered and refused (an HTTP status, a TLS alert): doubling up to half a minute. */
        REFUSED
    }

    static final Duration NETWORK_FIRST = Duration.ofMillis(250);
    static final Duration NETWORK_MAX = Duration.ofSeconds(1);
    static final Duration REFUSED_FIRST = Duration.ofMillis(500);
    static final Duration REFUSED_MAX = Duration.ofSeconds(30);

    private final TimeSource time;
    private final Map<String, Duration> nextNetwork = new HashMap<>();
    private final Map<String, Duration> nextRefused = new HashMap<>();
    /** When each interface's pending retry runs. */
    private final Map<String, Long> dueNanos = new HashMap<>();

    ReopenBackoff(TimeSource time) {
        this.time = time;
    }

    /** Runs {@code reopen} after {@code interfaceName}'s delay for {@code cause}, and lengthens that delay. */
    void schedule(String interfaceName, Cause cause, Runnable reopen) {
        Duration delay = switch (cause) {
            case SILENCE -> Duration.ZERO;
            case NETWORK -> lengthen(nextNetwork, interfaceName, NETWORK_FIRST, NETWORK_MAX);
            case REFUSED -> lengthen(nextRefused, interfaceName, REFUSED_FIRST, REFUSED_MAX);
        };
        long due = time.nanos() + delay.toNanos();
        dueNanos.merge(interfaceName, due, Math::max);
        time.schedule(delay, () -> {
            if (dueNanos.getOrDefault(interfaceName, Long.MIN_VALUE) <= time.nanos()) {
                dueNanos.remove(interfaceName);
            }
            reopen.run();
        });
    }

    /** Whether {@code interfaceName} waits for a retry: nothing opens on it before then. */
    boolean waiting(String interfaceName) {
        Long due = dueNanos.get(interfaceName);
        return due != null && due > time.nanos();
    }

    /** A path on {@code interfaceName} opened: its next failure waits the first delay again. */
    void reset(String interfaceName) {
        nextNetwork.remove(interfaceName);
        nextRefused.remove(interfaceName);
        dueNanos.remove(interfaceName);
    }

    private static Duration lengthen(Map<String, Duration> next, String interfaceName, Duration first, Duration max) {
        Duration delay = next.getOrDefault(interfaceName, first);
        Duration doubled = delay.multipliedBy(2);
        next.put(interfaceName, doubled.compareTo(max) > 0 ? max : doubled);
        return delay;
    }
}
