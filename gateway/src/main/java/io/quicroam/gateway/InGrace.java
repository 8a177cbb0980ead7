package io.quicroam.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiPredicate;

/**
 * The sessions in their grace time ({@link GraceTimer}), in the order they lost their last path, and when: the
 * first to reclaim when a quota or a pool runs out, and where an ended session's addresses' quarantine starts.
 * Thread-safe.
 */
final class InGrace {
    private final Map<Session, Long> since = new LinkedHashMap<>();

    /** {@code session} lost its last path at {@code nanos}. */
    synchronized void entered(Session session, long nanos) {
        since.remove(session); // to the end: it may have been here before, and rejoined
        since.put(session, nanos);
    }

    /** {@code session} ended: when it lost its last path, if it was in its grace time. */
    synchronized OptionalLong ended(Session session) {
        Long nanos = since.remove(session);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    /** How many sessions are in their grace time now. */
    synchronized int size() {
        int waiting = 0;
        for (Session session : since.keySet()) {
            waiting += session.openPaths() == 0 ? 1 : 0;
        }
        return waiting;
    }

    /**
     * The session that has been without a path longest among those {@code which} accepts (given the session and
     * since when), or null. A session that rejoined since is not in its grace time and is skipped.
     */
    synchronized Session oldest(BiPredicate<Session, Long> which) {
        for (Map.Entry<Session, Long> entry : since.entrySet()) {
            Session session = entry.getKey();
            if (session.openPaths() == 0 && which.test(session, entry.getValue())) {
                return session;
            }
        }
        return null;
    }
}
