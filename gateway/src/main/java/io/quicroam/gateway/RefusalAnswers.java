package io.quicroam.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.quicroam.masque.ip.TokenBucket;
import io.quicroam.transport.initial.ClientInitial;
import io.quicroam.transport.initial.ConnectionCloseInitial;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * Answers an Initial the {@link HandshakeGuard} refuses with a stateless Initial carrying CONNECTION_CLOSE
 * ({@link ConnectionCloseInitial}; RFC 9000 §10.2.3), so the client learns at once instead of retransmitting until
 * its handshake times out. Sits on the UDP channel just in front of the QUIC codec: it reads the connection IDs of
 * each client Initial on its way in, and the guard, asked by the codec while the Initial passes, reports a refusal
 * here. The guard decides; this only answers.
 *
 * <p>A forged source turns every answer into a packet sent to someone else, so answers are bounded: each is far
 * smaller than the 1200-byte datagram it answers (RFC 9000 §8; an Initial in a smaller datagram is not answered,
 * §14.1), and at most {@link HandshakeLimits#refusalAnswersPerSecond} go out a second, all clients together. The rest
 * are dropped. Both are counted: {@code quicroam_gateway_handshakes_refused_answered} and {@code ..._silent}. Not
 * thread-safe: the UDP channel's event loop calls it.
 */
final class RefusalAnswers extends ChannelInboundHandlerAdapter implements HandshakeGuard.Refusals {
    /** RFC 9000 §14.1: a client's Initial travels in a datagram of at least 1200 bytes. */
    static final int MIN_INITIAL_DATAGRAM = 1200;
    /** The answer's Source Connection ID: random, as no connection will ever use it. */
    private static final int SERVER_ID_LENGTH = 8;

    private final LongSupplier nanoTime;
    private final TokenBucket answers;
    private final Counter answered;
    private final Counter silent;
    private final SecureRandom random = new SecureRandom();

    /** The Initial the codec is handling now, its sender, and where to answer: set only while it passes. */
    private ClientInitial current;

    private InetSocketAddress currentSender;
    private ChannelHandlerContext currentContext;

    RefusalAnswers(int perSecond, LongSupplier nanoTime, MeterRegistry registry) {
        this.nanoTime = nanoTime;
        this.answers = new TokenBucket(perSecond, perSecond, nanoTime.getAsLong());
        this.answered = Counter.builder("quicroam_gateway_handshakes_refused_answered")
                .description("Refused Initials answered with a stateless CONNECTION_CLOSE")
                .register(registry);
        this.silent = Counter.builder("quicroam_gateway_handshakes_refused_silent")
                .description("Refused Initials dropped unanswered: over the answers' rate, or not answerable")
                .register(registry);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        current = ClientInitial.parse(packet.content());
        currentSender = packet.sender();
        currentContext = ctx;
        try {
            ctx.fireChannelRead(msg); // the codec handles it now, asking the guard if it is a new connection's
        } finally {
            current = null;
            currentSender = null;
            currentContext = null;
        }
    }

    @Override
    public void refused(InetSocketAddress client, int error, String reason) {
        if (current == null
                || !client.equals(currentSender)
                || current.datagramLength() < MIN_INITIAL_DATAGRAM
                || !answers.tryTake(nanoTime.getAsLong())) {
            silent.increment();
            return;
        }
        byte[] serverId = new byte[SERVER_ID_LENGTH];
        random.nextBytes(serverId);
        byte[] answer = ConnectionCloseInitial.build(current, serverId, error, reason);
        currentContext.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), client));
        answered.increment();
    }
}
