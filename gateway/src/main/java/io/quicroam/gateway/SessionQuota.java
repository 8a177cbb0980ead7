package io.quicroam.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Sessions at most, in all and per client, and paths per session ({@link GatewayLimits}). When a quota or the
 * address pool runs out, a session in its grace time — its client gone for now — is ended to make room before a
 * request is refused: the one without a path the longest, the asking client's own first. A refusal is a 429 when
 * the client asks for more than its share (RFC 6585 §4), a 503 when the gateway is full (RFC 9110 §15.6.4).
 * Thread-safe.
 */
final class SessionQuota {
    /** Ends a session in its grace time that {@code which} accepts (given since when it has had no path). */
    @FunctionalInterface
    interface Reclaimer {
        /** False if there was none. */
        boolean reclaimOldest(BiPredicate<Session, Long> which);
    }

    private final GatewayLimits limits;
    private final Reclaimer reclaimer;
    private final QuotaMeters meters;
    private final Map<String, Integer> perClient = new HashMap<>();
    private int total;

    SessionQuota(GatewayLimits limits, Reclaimer reclaimer, QuotaMeters meters) {
        this.limits = limits;
        this.reclaimer = reclaimer;
        this.meters = meters;
    }

    /**
     * Counts a new session of {@code client}, or says why not; give it back with {@link #give} when it ends.
     * Anonymous clients (no tokens file, no client certificate) share one name, so no share of their own: only
     * {@code max-sessions} bounds them.
     */
    synchronized Admission.Refused take(String client) {
        if (!client.equals(Authenticator.ANONYMOUS)
                && perClient.getOrDefault(client, 0) >= limits.maxSessionsPerClient()
                && !reclaimer.reclaimOldest((session, since) -> session.client.equals(client))) {
            return refuse(Quota.SESSIONS_PER_CLIENT, 429, "too many sessions for this client");
        }
        if (total >= limits.maxSessions() && !reclaimer.reclaimOldest((session, since) -> true)) {
            return refuse(Quota.SESSIONS, 503, "the gateway holds as many sessions as it may");
        }
        perClient.merge(client, 1, Integer::sum);
        total++;
        return null;
    }

    /** A session of {@code client} counted by {@link #take} ended, or was never opened. */
    synchronized void give(String client) {
        perClient.computeIfPresent(client, (name, count) -> count == 1 ? null : count - 1);
        total--;
    }

    /** Null if {@code session} may take one more path. */
    Admission.Refused join(Session session) {
        if (session.openPaths() >= limits.maxPathsPerSession()) {
            return refuse(Quota.PATHS_PER_SESSION, 429, "the session has as many paths as it may");
        }
        return null;
    }

    /**
     * The address pool ran out: ends the session in its grace time whose addresses' quarantine is over, if any
     * (one still in quarantine would free nothing now). True if one was ended.
     */
    boolean reclaimAddresses(AddressAssigner addresses) {
        return reclaimer.reclaimOldest((session, since) -> addresses.quarantineOver(since));
    }

    Admission.Refused poolExhausted() {
        return refuse(Quota.ADDRESS_POOL, 503, "address pool exhausted");
    }

    private Admission.Refused refuse(Quota quota, int status, String reason) {
        meters.refused(quota, Integer.toString(status));
        return new Admission.Refused(status, reason);
    }
}
