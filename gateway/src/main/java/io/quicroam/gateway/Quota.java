package io.quicroam.gateway;

import java.util.Locale;

/** The gateway's quotas ({@link GatewayLimits}): what a refused connection or request ran into. */
public enum Quota {
    /** {@code limits.max-connections}: the connection is closed with CONNECTION_REFUSED (RFC 9000 §20.1). */
    CONNECTIONS,
    /** {@code limits.max-streams-per-connection}: 429 (RFC 6585 §4). */
    STREAMS_PER_CONNECTION,
    /** {@code limits.max-sessions}, the gateway's own capacity: 503 (RFC 9110 §15.6.4). */
    SESSIONS,
    /** {@code limits.max-sessions-per-client}, one client's share: 429 (RFC 6585 §4). */
    SESSIONS_PER_CLIENT,
    /** {@code limits.max-paths-per-session}: 429 (RFC 6585 §4). */
    PATHS_PER_SESSION,
    /** No address free in a pool (in use or quarantined): 503 (RFC 9110 §15.6.4). */
    ADDRESS_POOL;

    /** Prometheus-style tag value, e.g. {@code sessions-per-client}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
