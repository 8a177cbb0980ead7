package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Function;

/**
 * How an endpoint answers a packet it will not forward, in one decision: whether the RFCs allow an error about it at
 * all ({@link IcmpErrors#mayReportTooBig}, {@link IcmpErrors#mayReport}), whether the rate limit has a token
 * ({@link IcmpRateLimiter}: RFC 4443 §2.4(f), RFC 1812 §4.3.2.8), then the error, counted by kind as sent or
 * rate-limited. The caller drops and counts the packet itself and writes the error where it belongs.
 *
 * <p>Thread-safe: packets to answer arrive on device readers and event loops alike; the limiter is used under its
 * own lock, which only packets that need an answer take.
 */
public final class IcmpReplies {
    /**
     * RFC 8200 §5: an IPv6 link carries at least 1280 bytes, and a Packet Too Big may not say less. The tunnel must
     * carry 1280-byte packets in both families (RFC 9484 §10.1), so a figure below it is never told to an IPv4
     * sender either: it would only be a path still discovering its MTU, and senders cache what they are told
     * (RFC 1191 §6.3: ten minutes). Such a packet is dropped and counted, unanswered.
     */
    private static final int TUNNEL_MIN_MTU = 1280;

    /** The errors this class sends. */
    public enum Kind {
        /** Fragmentation needed (IPv4, DF set) / Packet Too Big (IPv6). */
        TOO_BIG,
        /** The hop limit ran out on encapsulation. */
        TIME_EXCEEDED,
        /** Destination unreachable, administratively prohibited. */
        PROHIBITED;

        /** Prometheus-style tag value, e.g. {@code too-big}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the answers are counted. */
    public interface Meter {
        void sent(Kind kind);

        void rateLimited(Kind kind);
    }

    /** The source address of an error about {@code original}, of its IP version; null when there is none. */
    @FunctionalInterface
    public interface Source {
        InetAddress of(ByteBuf original);
    }

    private final ByteBufAllocator alloc;
    private final IcmpRateLimiter limiter;
    private final Source source;
    private final Meter meter;

    public IcmpReplies(ByteBufAllocator alloc, IcmpRateLimiter limiter, Source source, Meter meter) {
        this.alloc = alloc;
        this.limiter = limiter;
        this.source = source;
        this.meter = meter;
    }

    /**
     * "Too big" with the MTU the next hop carries (RFC 1191 §4, RFC 4443 §3.2), or null when none may be sent. IPv4
     * asks for it only with DF set: without DF the sender expects routers to fragment, not to tell (RFC 1191 §3).
     * Never below 1280 bytes (see {@link #TUNNEL_MIN_MTU}).
     */
    public ByteBuf tooBig(ByteBuf original, int mtu) {
        if (!IcmpErrors.mayReportTooBig(original) || !IpPacket.dontFragment(original) || mtu < TUNNEL_MIN_MTU) {
            return null;
        }
        // IPv4's Next-Hop MTU is a 16-bit field (RFC 1191 §4), and no IPv4 datagram is longer than 65535 bytes
        // (RFC 791 Total Length): a larger link MTU is told as that.
        int told = IpPacket.isIpv4(original) ? Math.min(mtu, 0xFFFF) : mtu;
        return answer(Kind.TOO_BIG, original, from -> IcmpErrors.tooBig(alloc, original, told, from));
    }

    /** Time Exceeded in transit (RFC 792, RFC 4443 §3.3), or null when none may be sent. */
    public ByteBuf timeExceeded(ByteBuf original) {
        if (!IcmpErrors.mayReport(original)) {
            return null;
        }
        return answer(Kind.TIME_EXCEEDED, original, from -> IcmpErrors.timeExceeded(alloc, original, from));
    }

    /** Administratively prohibited (RFC 1812 §5.2.7.1, RFC 4443 §3.1), or null when none may be sent. */
    public ByteBuf prohibited(ByteBuf original) {
        if (!IcmpErrors.mayReport(original)) {
            return null;
        }
        return answer(Kind.PROHIBITED, original, from -> IcmpErrors.prohibited(alloc, original, from));
    }

    private ByteBuf answer(Kind kind, ByteBuf original, Function<InetAddress, ByteBuf> build) {
        InetAddress from = source.of(original);
        if (from == null) {
            return null;
        }
        boolean allowed;
        synchronized (limiter) {
            allowed = limiter.tryAcquire(original);
        }
        if (!allowed) {
            meter.rateLimited(kind);
            return null;
        }
        meter.sent(kind);
        return build.apply(from);
    }
}
