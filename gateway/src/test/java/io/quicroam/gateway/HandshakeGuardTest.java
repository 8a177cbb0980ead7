package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Retry above the rate, Retry tokens, per-prefix limits: on virtual time, as the QUIC codec calls the guard. */
class HandshakeGuardTest {
    private static final ByteBuf DCID = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0102030405060708"));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The transport errors of the refusals handed on to be answered. */
    private final List<Integer> answered = new ArrayList<>();

    @Test
    void aboveTheRateEveryNewConnectionMustEchoARetryToken() {
        HandshakeGuard guard = guard(new HandshakeLimits(2, 0, 24, 56));
        assertThat(needsRetry(guard, "192.0.2.1", 1000)).isFalse();
        assertThat(needsRetry(guard, "198.51.100.1", 1000)).isFalse();
        assertThat(needsRetry(guard, "203.0.113.1", 1000))
                .as("third in the same second")
                .isTrue();
        assertThat(registry.get("quicroam_gateway_retries").counter().count()).isEqualTo(1);
        advance(Duration.ofMillis(500));
        assertThat(needsRetry(guard, "203.0.113.1", 1000))
                .as("one more allowed half a second later")
                .isFalse();
        assertThat(needsRetry(guard, "203.0.113.2", 1000)).isTrue();
    }

    @Test
    void aRetryTokenIsAcceptedOnlyFromItsAddressAndPortUnalteredAndFresh() {
        HandshakeGuard guard = guard(new HandshakeLimits(0, 0, 24, 56)); // always Retry
        ByteBuf token = Unpooled.buffer(guard.maxTokenLength());
        assertThat(guard.writeToken(token, DCID.duplicate(), address("192.0.2.1", 1000)))
                .isTrue();

        int offset = guard.validateToken(token.duplicate(), address("192.0.2.1", 1000));
        assertThat(offset).isPositive();
        assertThat(token.slice(offset, token.readableBytes() - offset))
                .as("the original connection ID")
                .isEqualTo(DCID);
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.1", 1001)))
                .as("other port")
                .isEqualTo(-1);
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.2", 1000)))
                .as("other host")
                .isEqualTo(-1);
        ByteBuf altered = token.copy();
        altered.setByte(altered.writerIndex() - 1, altered.getByte(altered.writerIndex() - 1) ^ 1);
        assertThat(guard.validateToken(altered, address("192.0.2.1", 1000)))
                .as("altered ID")
                .isEqualTo(-1);
        assertThat(guard.validateToken(Unpooled.wrappedBuffer(new byte[3]), address("192.0.2.1", 1000)))
                .isEqualTo(-1);

        advance(HandshakeGuard.RETRY_TOKEN_LIFETIME.plusMillis(1));
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.1", 1000)))
                .as("expired")
                .isEqualTo(-1);
        assertThat(refused("retry-token")).isEqualTo(5);
    }

    @Test
    void tokensOutliveAKeyRotationButNotTwo() {
        HandshakeGuard guard = guard(new HandshakeLimits(0, 0, 24, 56));
        advance(RetryTokens.KEY_LIFETIME.minusSeconds(1));
        ByteBuf token = Unpooled.buffer(guard.maxTokenLength());
        guard.writeToken(token, DCID.duplicate(), address("192.0.2.1", 1000));
        advance(Duration.ofSeconds(2)); // the key that signed it is now the previous one
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.1", 1000)))
                .isPositive();
    }

    @Test
    void eachSourcePrefixGetsItsOwnAllowanceAndTheExcessIsRefused() {
        HandshakeGuard guard = guard(new HandshakeLimits(1000, 2, 24, 56));
        assertThat(needsRetry(guard, "192.0.2.1", 1000)).isFalse();
        assertThat(needsRetry(guard, "192.0.2.200", 1000)).as("same /24").isFalse();
        ByteBuf token = Unpooled.buffer(guard.maxTokenLength());
        assertThat(guard.writeToken(token, DCID.duplicate(), address("192.0.2.3", 1000)))
                .as("the third of the /24 within the minute is sent through Retry")
                .isTrue();
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.3", 1000)))
                .as("and refused when it comes back validated")
                .isEqualTo(-1);
        assertThat(refused("prefix-limit")).isEqualTo(1);
        assertThat(answered)
                .as("to be answered: CONNECTION_REFUSED (RFC 9000 §20.1)")
                .containsExactly(0x02);
        assertThat(needsRetry(guard, "198.51.100.1", 1000)).as("another /24").isFalse();

        advance(Duration.ofSeconds(30)); // 2 a minute: one more after half a minute
        assertThat(guard.validateToken(token.duplicate(), address("192.0.2.3", 1000)))
                .as("retransmitted")
                .isEqualTo(-1);
        assertThat(refused("retry-token")).as("its token expired meanwhile").isEqualTo(1);
        assertThat(answered).as("then INVALID_TOKEN (RFC 9000 §8.1.3)").containsExactly(0x02, 0x0b);
        assertThat(needsRetry(guard, "192.0.2.4", 1000)).isFalse();
    }

    @Test
    void anIpv6ClientsPrefixIsItsSlash56() {
        HandshakeGuard guard = guard(new HandshakeLimits(1000, 1, 24, 56));
        assertThat(needsRetry(guard, "2001:db8:0:1::1", 1000)).isFalse();
        assertThat(needsRetry(guard, "2001:db8:0:2::1", 1000)).as("same /56").isTrue();
        assertThat(needsRetry(guard, "2001:db8:0:100::1", 1000))
                .as("another /56")
                .isFalse();
    }

    private HandshakeGuard guard(HandshakeLimits limits) {
        return new HandshakeGuard(limits, nanos::get, registry, (client, error, reason) -> answered.add(error));
    }

    private static boolean needsRetry(HandshakeGuard guard, String host, int port) {
        return guard.writeToken(Unpooled.buffer(guard.maxTokenLength()), DCID.duplicate(), address(host, port));
    }

    private double refused(String reason) {
        return registry.get("quicroam_gateway_handshakes_refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
