package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.Hex;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IcmpRateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private IcmpRateLimiter limiter(double perSecond, int burst, double global, int destinations) {
        return new IcmpRateLimiter(now::get, perSecond, burst, global, destinations);
    }

    private static ByteBuf from(String source) {
        String destination = source.contains(":") ? "2001:db8::1" : "198.18.0.1";
        return IpPacketBuilder.udp(IpAddresses.parse(source), IpAddresses.parse(destination), 1, 9, new byte[10]);
    }

    private static int allowed(IcmpRateLimiter limiter, ByteBuf packet, int tries) {
        int allowed = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(packet)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void aBurstThenTheRefillRatePerDestination() {
        IcmpRateLimiter limiter = limiter(10, 5, 1000, 16);
        ByteBuf sender = from("203.0.113.7");
        assertThat(allowed(limiter, sender, 100))
                .as("the burst, at one instant")
                .isEqualTo(5);
        now.addAndGet(1_000_000_000L); // one second refills 10 tokens, capped at the burst
        assertThat(allowed(limiter, sender, 100)).isEqualTo(5);
        now.addAndGet(100_000_000L); // 100 ms: one token
        assertThat(allowed(limiter, sender, 100)).isEqualTo(1);
    }

    @Test
    void destinationsHaveTheirOwnBucketsUnderAGlobalCap() {
        IcmpRateLimiter limiter = limiter(10, 5, 100, 16); // global bucket holds max(5, 100/10) = 10
        assertThat(allowed(limiter, from("203.0.113.7"), 100)).isEqualTo(5);
        assertThat(allowed(limiter, from("2001:db8::7"), 100))
                .as("another sender is not starved")
                .isEqualTo(5);
        assertThat(allowed(limiter, from("203.0.113.8"), 100))
                .as("the global bucket is empty")
                .isZero();
    }

    @Test
    void memoryIsBoundedBySpoofedSources() {
        IcmpRateLimiter limiter = limiter(10, 1, 1e9, 4);
        for (int i = 1; i <= 1000; i++) {
            assertThat(limiter.tryAcquire(from("198.51.100." + (i % 250 + 1)))).isIn(true, false);
        }
        // The first sender's bucket was forgotten (only 4 are kept), so it starts full again.
        ByteBuf first = from("10.9.9.9");
        assertThat(limiter.tryAcquire(first)).isTrue();
        assertThat(limiter.tryAcquire(first)).isFalse();
    }

    @Test
    void malformedPacketsAreNeverAnswered() {
        IcmpRateLimiter limiter = IcmpRateLimiter.withDefaults();
        assertThat(limiter.tryAcquire(Hex.buf("4500"))).isFalse();
    }
}
