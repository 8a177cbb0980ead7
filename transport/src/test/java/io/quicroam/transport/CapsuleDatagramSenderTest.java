package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DATAGRAM capsules on a request stream whose writes complete when the test says (the stream's flow control). */
class CapsuleDatagramSenderTest {
    private final List<Http3DataFrame> written = new ArrayList<>();
    private final List<ChannelPromise> pending = new ArrayList<>();
    private final QuicStreamChannel stream = (QuicStreamChannel) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {QuicStreamChannel.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "alloc":
                        return UnpooledByteBufAllocator.DEFAULT;
                    case "writeAndFlush":
                        written.add((Http3DataFrame) args[0]);
                        ChannelPromise promise =
                                new DefaultChannelPromise((QuicStreamChannel) proxy, ImmediateEventExecutor.INSTANCE);
                        pending.add(promise);
                        return promise;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    private final Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
    private final CapsuleDatagramSender sender =
            new CapsuleDatagramSender(stream, 3000, reason -> drops.merge(reason, 1, Integer::sum));

    @AfterEach
    void release() {
        written.forEach(Http3DataFrame::release);
    }

    @Test
    void aPacketGoesAsOneDatagramCapsuleWithItsContextId() throws ProtocolViolation {
        sender.send(0, Unpooled.wrappedBuffer(new byte[] {0x45, 1, 2, 3}));

        List<Capsule> decoded = new ArrayList<>();
        new CapsuleDecoder().decode(written.get(0).content(), decoded);
        // RFC 9297 §3.5: Type 0x00, the HTTP Datagram Payload: Context ID 0 (RFC 9484 §6), then the packet
        assertThat(decoded).containsExactly(new DatagramCapsule(new byte[] {0, 0x45, 1, 2, 3}));
    }

    @Test
    void whatTheStreamHasNotTakenIsBoundedAndTheRestIsCountedAsDropped() {
        for (int i = 0; i < 5; i++) {
            sender.send(0, Unpooled.wrappedBuffer(new byte[1000]));
        }

        assertThat(written).as("three 1000-byte packets fit the 3000 bytes").hasSize(3);
        assertThat(drops).containsEntry(DropReason.QUEUE_FULL, 2);
        assertThat(sender.queuedBytes()).isEqualTo(3000);

        pending.get(0).setSuccess(); // the stream took one
        sender.send(0, Unpooled.wrappedBuffer(new byte[1000]));
        assertThat(written).hasSize(4);

        pending.get(1).setFailure(new IllegalStateException("stream closed"));
        assertThat(drops).containsEntry(DropReason.WRITE_FAILED, 1);
        assertThat(sender.queuedBytes()).isEqualTo(2000);
    }
}
