package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Limits the ICMP errors an endpoint originates, per destination and in total: RFC 4443 §2.4(f) requires it for
 * ICMPv6 ("a token bucket … per destination"), RFC 1812 §4.3.2.8 asks it of IPv4 routers. Without it a sender of
 * oversized or expired packets would turn the tunnel into an ICMP amplifier.
 *
 * <p>Each destination (the source of the offending packet, where the error goes) has a bucket of {@code burst}
 * tokens refilled at {@code perDestinationPerSecond}; a global bucket of {@code globalPerSecond} bounds the total
 * when many destinations are involved. At most {@code maxDestinations} buckets are kept: the least recently used
 * is forgotten first, so a flood of spoofed sources costs bounded memory (a forgotten destination starts full,
 * which the global bucket still bounds).
 *
 * <p>Not thread-safe: one limiter per thread that originates errors (an event loop, a device reader). Time comes
 * from the given clock in nanoseconds, so tests run on virtual time.
 */
public final class IcmpRateLimiter {
    /** Per destination: enough for path MTU discovery and traceroute, far below anything an attacker can use. */
    public static final double DEFAULT_PER_DESTINATION_PER_SECOND = 10;

    public static final int DEFAULT_BURST = 10;
    public static final double DEFAULT_GLOBAL_PER_SECOND = 500;
    public static final int DEFAULT_MAX_DESTINATIONS = 4096;

    private final LongSupplier nanoTime;
    private final double perDestinationPerSecond;
    private final int burst;
    private final TokenBucket global;
    private final Map<Key, TokenBucket> buckets;

    public IcmpRateLimiter(
            LongSupplier nanoTime,
            double perDestinationPerSecond,
            int burst,
            double globalPerSecond,
            int maxDestinations) {
        if (perDestinationPerSecond <= 0 || globalPerSecond <= 0 || burst < 1 || maxDestinations < 1) {
            throw new IllegalArgumentException("ICMP rate limits must be positive");
        }
        this.nanoTime = nanoTime;
        this.perDestinationPerSecond = perDestinationPerSecond;
        this.burst = burst;
        long now = nanoTime.getAsLong();
        this.global = new TokenBucket(Math.max(burst, globalPerSecond / 10), globalPerSecond, now);
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, TokenBucket> eldest) {
                return size() > maxDestinations;
            }
        };
    }

    /** The defaults, on the system's monotonic clock. */
    public static IcmpRateLimiter withDefaults() {
        return new IcmpRateLimiter(
                System::nanoTime,
                DEFAULT_PER_DESTINATION_PER_SECOND,
                DEFAULT_BURST,
                DEFAULT_GLOBAL_PER_SECOND,
                DEFAULT_MAX_DESTINATIONS);
    }

    /**
     * Whether an error about {@code original} may be sent now (taking a token if so). The error goes to the
     * original's source address; a malformed original is never answered.
     */
    public boolean tryAcquire(ByteBuf original) {
        if (IpPacket.malformedReason(original) != null) {
            return false;
        }
        byte[] source = new byte[IpPacket.addressLength(original)];
        IpPacket.copySource(original, source);
        long now = nanoTime.getAsLong();
        TokenBucket bucket =
                buckets.computeIfAbsent(new Key(source), k -> new TokenBucket(burst, perDestinationPerSecond, now));
        if (!bucket.hasToken(now) || !global.hasToken(now)) {
            return false;
        }
        bucket.take();
        global.take();
        return true;
    }

    /** An address as a map key. */
    private record Key(byte[] address) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(address, other.address);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address);
        }
    }
}
