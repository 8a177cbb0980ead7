package io.quicroam.gateway;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;

/**
 * What one gateway on the Internet gives out at most ({@code limits} in gateway.yaml), so that no client, and no
 * crowd of them, can take it all. The defaults fit one host with the default /16 pool.
 *
 * @param maxConnections          concurrent QUIC connections; one more is closed with CONNECTION_REFUSED
 * @param maxSessions             sessions in all, those in their grace time included; one more gets 503
 * @param maxSessionsPerClient    sessions per authenticated client; one more gets 429
 * @param maxPathsPerSession      open paths (joined request streams) per session; one more gets 429
 * @param maxStreamsPerConnection concurrent request streams per QUIC connection; one more gets 429
 * @param addressQuarantine       how long a released address is held back before another session may have it
 */
public record GatewayLimits(
        int maxConnections,
        int maxSessions,
        int maxSessionsPerClient,
        int maxPathsPerSession,
        int maxStreamsPerConnection,
        Duration addressQuarantine) {

    /**
     * 60 s of quarantine: a peer that was talking to the old holder of an address keeps sending to it until its own
     * flows time out, and Linux holds a closed TCP connection for 60 s (TIME_WAIT, 2 MSL) and an unanswered UDP flow
     * in conntrack for 30 s; within that time the new holder would receive what was meant for the old one.
     */
    public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(60);

    public static GatewayLimits defaults() {
        return new GatewayLimits(20_000, 10_000, 8, 8, 4, DEFAULT_QUARANTINE);
    }

    /** Reads {@code limits} (absent: the defaults). */
    static GatewayLimits from(ConfigMap root) throws ConfigException {
        GatewayLimits d = defaults();
        ConfigMap limits = root.mapOrEmpty("limits");
        GatewayLimits read = new GatewayLimits(
                limits.integer("max-connections", d.maxConnections, 1, 1_000_000),
                limits.integer("max-sessions", d.maxSessions, 1, 1_000_000),
                limits.integer("max-sessions-per-client", d.maxSessionsPerClient, 1, 1_000_000),
                limits.integer("max-paths-per-session", d.maxPathsPerSession, 1, 64),
                limits.integer("max-streams-per-connection", d.maxStreamsPerConnection, 1, 100),
                limits.duration("address-quarantine", d.addressQuarantine, Duration.ZERO, Duration.ofHours(1)));
        limits.finish();
        return read;
    }
}
