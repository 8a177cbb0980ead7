package io.quicroam.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.quicroam.masque.ip.TokenBucket;
import io.quicroam.transport.RateLimitedLog;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a client that has not authenticated yet can cost the gateway small, at the first packet of each new
 * connection (the QUIC codec asks it before it creates any per-connection state):
 *
 * <ul>
 *   <li>Up to {@link HandshakeLimits#retryAbovePerSecond} new connections a second are accepted at once: a roaming
 *       agent reconnects often and a Retry costs it a round trip. Beyond that rate each client must first echo a
 *       Retry token (RFC 9000 §8.1.2, {@link RetryTokens}): the gateway answers a spoofed source with one stateless
 *       packet no larger than what it received (no amplification, §8.1) and keeps nothing.
 *   <li>Each source prefix (a /24 or a /56 by default) may start {@link HandshakeLimits#perPrefixPerMinute}
 *       handshakes a minute. The excess is sent through Retry as well, and refused once it comes back with a valid
 *       token: only a validated address is held to its prefix's limit, so a forged source cannot use up another
 *       site's allowance.
 * </ul>
 *
 * The decision is made here, once per new connection's Initial, where the codec asks; a refusal is handed to
 * {@link Refusals}, which answers it statelessly with CONNECTION_CLOSE ({@link RefusalAnswers}: netty's codec drops
 * the Initial, its only stateless answers are Retry and Version Negotiation). Refusals are counted
 * ({@code quicroam_gateway_handshakes_refused}, by reason) and logged at most once a minute, without addresses. Not
 * thread-safe: the gateway's one event loop calls it. Time comes from the given clock.
 */
final class HandshakeGuard implements QuicTokenHandler {
    private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);
    /** A Retry token is echoed within a round trip; ten seconds allow for a slow client. */
    static final Duration RETRY_TOKEN_LIFETIME = Duration.ofSeconds(10);
    /** Prefixes remembered; the least recently seen is forgotten first (and starts again with a full bucket). */
    private static final int MAX_PREFIXES = 65_536;
    /** RFC 9000 §20.1: "received an invalid Retry Token in a client Initial". */
    static final int INVALID_TOKEN = 0x0b;

    /** Where a refused Initial goes to be answered: called while the codec handles that Initial. */
    interface Refusals {
        /** {@code client}'s Initial is refused with the transport error {@code error} (RFC 9000 §20.1). */
        void refused(InetSocketAddress client, int error, String reason);
    }

    private final HandshakeLimits limits;
    private final LongSupplier nanoTime;
    private final RetryTokens tokens;
    private final TokenBucket withoutRetry;
    private final Map<Prefix, TokenBucket> prefixes = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Prefix, TokenBucket> eldest) {
            return size() > MAX_PREFIXES;
        }
    };
    private final Counter retries;
    private final Counter badTokens;
    private final Counter overPrefixLimit;
    private final Counter overPrefixLimitTcp;
    private final RateLimitedLog refusedLog;
    private final Refusals refusals;

    HandshakeGuard(HandshakeLimits limits, LongSupplier nanoTime, MeterRegistry registry, Refusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
        this.nanoTime = nanoTime;
        this.tokens = new RetryTokens(nanoTime, RETRY_TOKEN_LIFETIME);
        long now = nanoTime.getAsLong();
        this.withoutRetry = new TokenBucket(limits.retryAbovePerSecond(), limits.retryAbovePerSecond(), now);
        this.retries = Counter.builder("quicroam_gateway_retries")
                .description("QUIC Retry packets sent: new connections above handshakes.retry-above, or over their"
                        + " prefix's limit")
                .register(registry);
        this.badTokens = refused(registry, "retry-token");
        this.overPrefixLimit = refused(registry, "prefix-limit");
        this.overPrefixLimitTcp = refused(registry, "prefix-limit-tcp");
        this.refusedLog = new RateLimitedLog(nanoTime, Duration.ofMinutes(1));
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("quicroam_gateway_handshakes_refused")
                .description("New connections (QUIC, or TCP for HTTP/2) refused before their handshake")
                .tag("reason", reason)
                .register(registry);
    }

    /** An Initial without a token: true sends a Retry with the token written to {@code out}. */
    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        long now = nanoTime.getAsLong();
        if (dcid.readableBytes() > RetryTokens.MAX_CONNECTION_ID
                || !withoutRetry.hasToken(now)
                || !prefixAllows(address, now, false)) {
            tokens.write(out, dcid, address);
            retries.increment();
            return true;
        }
        withoutRetry.take();
        prefixAllows(address, now, true);
        return false;
    }

    /** An Initial with a token: the offset of the original destination connection ID in it, or -1 to refuse it. */
    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int offset = tokens.verify(token, address);
        if (offset < 0) {
            // RFC 9000 §8.1.3: the client will not accept another Retry; close with INVALID_TOKEN rather than let it
            // time out.
            refuse(badTokens, "QUIC Retry token invalid, expired or from another address");
            refusals.refused(address, INVALID_TOKEN, "invalid Retry token");
            return -1;
        }
        long now = nanoTime.getAsLong();
        if (!prefixAllows(address, now, true)) {
            refuse(overPrefixLimit, "QUIC connection over the source prefix's handshakes.per-prefix-per-minute");
            refusals.refused(address, ConnectionQuota.CONNECTION_REFUSED, "too many handshakes from this network");
            return -1;
        }
        return offset;
    }

    /**
     * A new TCP connection (CONNECT-IP over HTTP/2), before its TLS handshake: true lets it start. TCP's own
     * handshake has already shown the client receives at its address, so there is no Retry; its prefix's allowance
     * is the one its QUIC handshakes use, and a connection over it is refused and counted.
     */
    boolean admitTcp(InetSocketAddress address) {
        if (!prefixAllows(address, nanoTime.getAsLong(), true)) {
            refuse(overPrefixLimitTcp, "TCP connection over the source prefix's handshakes.per-prefix-per-minute");
            return false;
        }
        return true;
    }

    @Override
    public int maxTokenLength() {
        return RetryTokens.MAX_LENGTH;
    }

    /** Whether {@code address}'s prefix may start a handshake now; {@code take} uses up its allowance. */
    private boolean prefixAllows(InetSocketAddress address, long now, boolean take) {
        if (limits.perPrefixPerMinute() == 0) {
            return true;
        }
        Prefix prefix = Prefix.of(address, limits);
        TokenBucket bucket = prefixes.get(prefix);
        if (bucket == null) {
            if (!take) {
                return true; // a prefix not seen yet starts full; remember it only when it is used
            }
            bucket = new TokenBucket(limits.perPrefixPerMinute(), limits.perPrefixPerMinute() / 60.0, now);
            prefixes.put(prefix, bucket);
        }
        return take ? bucket.tryTake(now) : bucket.hasToken(now);
    }

    private void refuse(Counter counter, String why) {
        counter.increment();
        long suppressed = refusedLog.tryLog();
        if (suppressed >= 0) {
            log.info("refused a new connection: {} ({} more refused since the last line)", why, suppressed);
        }
    }

    /** A source prefix as a map key: the address with the bits beyond the configured length cleared. */
    private record Prefix(int version, long high, long low) {
        static Prefix of(InetSocketAddress address, HandshakeLimits limits) {
            byte[] bytes = address.getAddress().getAddress();
            if (bytes.length == 4) {
                long v4 = ByteBuffer.wrap(bytes).getInt() & 0xffffffffL;
                return new Prefix(4, 0, v4 & ~(0xffffffffL >>> limits.ipv4PrefixLength()));
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new Prefix(
                    6,
                    buffer.getLong(0) & mask(limits.ipv6PrefixLength()),
                    buffer.getLong(8) & mask(Math.max(0, limits.ipv6PrefixLength() - 64)));
        }

        /** The first {@code bits} bits of a long set (0 to 64). */
        private static long mask(int bits) {
            return bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        }
    }
}
