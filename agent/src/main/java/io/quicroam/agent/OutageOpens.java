package io.quicroam.agent;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether the session is in an outage — it had a working path and has none now (every path FAILED, closed or still
 * opening) — for at most {@link #FAST}: while it is, an open attempt hurries ({@link StaggeredHandshakes}: a fresh
 * handshake every {@link StaggeredHandshakes#STAGGER}), so a network that returns carries again about one round trip later. Later
 * in a long outage attempts go at their plain pace, sparing batteries and metered links, as the path manager's
 * outage probes slow down then too.
 *
 * <p>Threads: the path manager's thread only.
 */
final class OutageOpens {
    /** How long into an outage open attempts hurry. */
    static final Duration FAST = Duration.ofSeconds(10);

    private static final long NONE = Long.MIN_VALUE;

    /** Open paths not FAILED: a path counts from its open, since its handshake just got through. */
    private final Set<PathId> working = new HashSet<>();

    private long sinceNanos = NONE;

    void opened(PathId id) {
        working.add(id);
        sinceNanos = NONE;
    }

    void state(PathId id, PathState state, long nowNanos) {
        if (state == PathState.FAILED) {
            gone(id, nowNanos);
        } else if (working.add(id)) {
            sinceNanos = NONE;
        }
    }

    void gone(PathId id, long nowNanos) {
        if (working.remove(id) && working.isEmpty()) {
            sinceNanos = nowNanos;
        }
    }

    /** Whether an attempt opened now should hurry: no path works, and it has not been so for long. */
    boolean hurry(long nowNanos) {
        return working.isEmpty() && sinceNanos != NONE && nowNanos - sinceNanos < FAST.toNanos();
    }
}
