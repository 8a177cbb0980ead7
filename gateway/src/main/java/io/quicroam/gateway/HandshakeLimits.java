package io.quicroam.gateway;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;

/**
 * What a QUIC handshake costs a client before it has authenticated ({@code handshakes} in gateway.yaml).
 *
 * @param retryAbovePerSecond new connections per second the gateway accepts without address validation; beyond
 *                            that each must first echo a Retry token (RFC 9000 §8.1.2). 0: always Retry
 * @param perPrefixPerMinute  handshakes one source prefix may start per minute, in bursts of up to as many; the
 *                            excess is refused. 0: no limit
 * @param ipv4PrefixLength    the source prefix of an IPv4 client: its /24 by default (one NAT, one site)
 * @param ipv6PrefixLength    the source prefix of an IPv6 client: its /56 by default (one customer's delegation)
 * @param refusalAnswersPerSecond refused Initials answered with a stateless CONNECTION_CLOSE per second, all clients
 *                            together (the rest are dropped): bounds what a forged source can make the gateway send
 *                            to someone else. 0: never answer
 */
public record HandshakeLimits(
        double retryAbovePerSecond,
        int perPrefixPerMinute,
        int ipv4PrefixLength,
        int ipv6PrefixLength,
        int refusalAnswersPerSecond) {
    /** Each answer is under 100 bytes: at most about 10 KB/s towards whoever a forged source names. */
    static final int DEFAULT_REFUSAL_ANSWERS_PER_SECOND = 100;

    /** The limits with the default rate of refusal answers. */
    public HandshakeLimits(
            double retryAbovePerSecond, int perPrefixPerMinute, int ipv4PrefixLength, int ipv6PrefixLength) {
        this(
                retryAbovePerSecond,
                perPrefixPerMinute,
                ipv4PrefixLength,
                ipv6PrefixLength,
                DEFAULT_REFUSAL_ANSWERS_PER_SECOND);
    }

    public static HandshakeLimits defaults() {
        return new HandshakeLimits(50, 600, 24, 56);
    }

    /** These limits answering at most {@code perSecond} refused Initials a second. */
    public HandshakeLimits withRefusalAnswersPerSecond(int perSecond) {
        return new HandshakeLimits(
                retryAbovePerSecond, perPrefixPerMinute, ipv4PrefixLength, ipv6PrefixLength, perSecond);
    }

    static HandshakeLimits from(ConfigMap root) throws ConfigException {
        HandshakeLimits defaults = defaults();
        ConfigMap map = root.mapOrEmpty("handshakes");
        HandshakeLimits limits = new HandshakeLimits(
                map.integer("retry-above", (int) defaults.retryAbovePerSecond(), 0, 1_000_000),
                map.integer("per-prefix-per-minute", defaults.perPrefixPerMinute(), 0, 1_000_000),
                map.integer("ipv4-prefix", defaults.ipv4PrefixLength(), 8, 32),
                map.integer("ipv6-prefix", defaults.ipv6PrefixLength(), 16, 128),
                map.integer("refusal-answers-per-second", defaults.refusalAnswersPerSecond(), 0, 100_000));
        map.finish();
        return limits;
    }
}
