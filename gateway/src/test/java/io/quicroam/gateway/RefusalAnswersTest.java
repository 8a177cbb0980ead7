package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The stateless answers to refused Initials, on virtual time, with a stand-in for the QUIC codec that refuses
 * every packet as the guard would while the codec handles it.
 */
class RefusalAnswersTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 4433);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.1", 443);
    /** A client Initial's header: DCID 8394c8f03e515708, SCID 0a0b0c0d, then (unread here) the rest. */
    private static final byte[] INITIAL_START = HexFormat.of().parseHex("c000000001088394c8f03e515708040a0b0c0d00");

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RefusalAnswers answers = new RefusalAnswers(3, nanos::get, registry);
    private final EmbeddedChannel udp = new EmbeddedChannel(answers, new RefusingCodec());

    @Test
    void aRefusedInitialIsAnsweredToItsSenderSmallerThanItself() {
        udp.writeInbound(initial(1200));

        DatagramPacket answer = udp.readOutbound();
        assertThat(answer.recipient()).isEqualTo(CLIENT);
        ByteBuf content = answer.content();
        assertThat(content.getUnsignedByte(0) & 0xf0).as("an Initial").isEqualTo(0xc0);
        assertThat(content.getByte(5)).as("DCID length").isEqualTo((byte) 4);
        assertThat(content.getInt(6)).as("DCID: the client's SCID").isEqualTo(0x0a0b0c0d);
        assertThat(content.readableBytes())
                .as("smaller than the Initial (RFC 9000 §8)")
                .isLessThan(120);
        answer.release();
        assertThat(count("answered")).isEqualTo(1);
    }

    @Test
    void atMostTheConfiguredAnswersASecondTheRestAreDroppedAndCounted() {
        for (int i = 0; i < 5; i++) {
            udp.writeInbound(initial(1200));
        }
        assertThat(drainOutbound()).as("a burst: the bucket's 3").isEqualTo(3);
        assertThat(count("silent")).isEqualTo(2);

        nanos.addAndGet(Duration.ofMillis(340).toNanos()); // 3 a second: one more after a third of a second
        udp.writeInbound(initial(1200));
        udp.writeInbound(initial(1200));
        assertThat(drainOutbound()).isEqualTo(1);
        assertThat(count("answered")).isEqualTo(4);
        assertThat(count("silent")).isEqualTo(3);
    }

    @Test
    void anInitialInADatagramUnder1200BytesOrAnotherPacketIsNotAnswered() {
        udp.writeInbound(initial(1199)); // RFC 9000 §14.1: the server discards it
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[1200]), SERVER, CLIENT)); // short header
        assertThat(drainOutbound()).isZero();
        assertThat(count("silent")).isEqualTo(2);
    }

    private DatagramPacket initial(int length) {
        ByteBuf datagram = Unpooled.buffer(length);
        datagram.writeBytes(INITIAL_START);
        datagram.writeZero(length - INITIAL_START.length);
        return new DatagramPacket(datagram, SERVER, CLIENT);
    }

    private int drainOutbound() {
        int n = 0;
        for (DatagramPacket p; (p = udp.readOutbound()) != null; n++) {
            p.release();
        }
        return n;
    }

    private double count(String outcome) {
        return registry.get("quicroam_gateway_handshakes_refused_" + outcome)
                .counter()
                .count();
    }

    /** As the QUIC codec with the guard behind it: every packet is a new connection's Initial, refused. */
    private final class RefusingCodec extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            answers.refused(packet.sender(), ConnectionQuota.CONNECTION_REFUSED, "too many handshakes");
            packet.release();
        }
    }
}
