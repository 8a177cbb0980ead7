package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3SettingIdentifier;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.VarInt;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.PeerSettings;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9297 §2.1.1: an endpoint sends no HTTP Datagram in a QUIC DATAGRAM frame before the peer's SETTINGS said it
 * takes them (SETTINGS_H3_DATAGRAM = 1); before that, and without it, it sends them as DATAGRAM capsules (§3.5). The gateway's
 * {@link TunnelStream} over stand-in QUIC channels that write down what went out on the connection (QUIC DATAGRAM
 * frames) and on the request stream (capsules in DATA frames).
 */
class TunnelStreamSettingsTest {
    private static final long STREAM_ID = 4; // quarter stream ID 1

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final List<ByteBuf> datagrams = new ArrayList<>();
    private final List<Http3DataFrame> streamFrames = new ArrayList<>();
    private final Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
    private final PeerSettings peer = new PeerSettings(() -> {});
    private final DatagramCapacity capacity = DatagramCapacity.atQuicMinimum();
    private final TunnelStream tunnel =
            new TunnelStream(stream(), peer, capacity, reason -> drops.merge(reason, 1, Integer::sum));

    @AfterEach
    void release() {
        datagrams.forEach(ByteBuf::release);
        streamFrames.forEach(Http3DataFrame::release);
        loop.finishAndReleaseAll();
    }

    @Test
    void beforeTheClientsSettingsACapsuleCarriesItAndAfterThemADatagramFrame() throws Exception {
        quicDatagramsNegotiated(); // the QUIC handshake is done: only the HTTP/3 SETTINGS are missing

        tunnel.send(0, packet());
        loop.runPendingTasks();
        assertThat(datagrams).as("QUIC DATAGRAM frames before SETTINGS").isEmpty();
        assertThat(streamFrames).as("DATAGRAM capsules before SETTINGS").hasSize(1);
        assertDatagramCapsule(streamFrames.get(0).content());

        settings(1);
        tunnel.send(0, packet());
        loop.runPendingTasks();
        assertThat(datagrams).hasSize(1);
        ByteBuf datagram = datagrams.get(0);
        assertThat(VarInt.read(datagram)).as("quarter stream ID").isEqualTo(STREAM_ID / 4);
        assertThat(VarInt.read(datagram)).as("context ID").isZero();
        assertThat(datagram.readableBytes()).isEqualTo(20);
        assertThat(streamFrames).hasSize(1);
        assertThat(drops).isEmpty();
    }

    @Test
    void settingsWithoutH3DatagramMakeItACapsuleOnTheRequestStream() {
        quicDatagramsNegotiated();
        settings(0);

        tunnel.send(0, packet());
        loop.runPendingTasks();

        assertThat(datagrams)
                .as("no QUIC DATAGRAM frame to a peer whose SETTINGS refused them")
                .isEmpty();
        assertThat(streamFrames).hasSize(1);
        assertDatagramCapsule(streamFrames.get(0).content());
        assertThat(drops).isEmpty();
    }

    private static void assertDatagramCapsule(ByteBuf capsule) {
        assertThat(VarInt.read(capsule))
                .as("DATAGRAM capsule type (RFC 9297 §3.5)")
                .isZero();
        assertThat(VarInt.read(capsule)).as("capsule length").isEqualTo(1 + 20);
        assertThat(VarInt.read(capsule)).as("context ID").isZero();
    }

    private void settings(long h3Datagram) {
        DefaultHttp3SettingsFrame frame = new DefaultHttp3SettingsFrame();
        frame.put(Http3SettingIdentifier.HTTP3_SETTINGS_H3_DATAGRAM.id(), h3Datagram);
        peer.channelRead(null, frame);
    }

    /** quiche's event when the peer's transport parameters carried max_datagram_frame_size (RFC 9221 §3). */
    private void quicDatagramsNegotiated() {
        try {
            Constructor<QuicDatagramExtensionEvent> event =
                    QuicDatagramExtensionEvent.class.getDeclaredConstructor(int.class);
            event.setAccessible(true); // netty creates it only from quiche's handshake
            EmbeddedChannel channel = new EmbeddedChannel(capacity.watcher());
            channel.pipeline().fireUserEventTriggered(event.newInstance(1350));
            channel.finishAndReleaseAll();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        assertThat(capacity.peerTakesDatagrams()).isTrue();
    }

    private static ByteBuf packet() {
        return Unpooled.buffer().writeBytes(new byte[20]);
    }

    private QuicStreamChannel stream() {
        QuicChannel connection = stub(QuicChannel.class, null);
        return stub(QuicStreamChannel.class, connection);
    }

    /** A stand-in channel; anything the test does not expect it to be asked fails loudly. */
    private <T> T stub(Class<T> type, QuicChannel parent) {
        Object stub = Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> switch (m.getName()) {
                    case "isActive" -> true;
                    case "parent" -> parent;
                    case "streamId" -> STREAM_ID;
                    case "alloc" -> UnpooledByteBufAllocator.DEFAULT;
                    case "eventLoop" -> loop.eventLoop();
                    case "write" -> {
                        datagrams.add((ByteBuf) args[0]);
                        yield loop.newSucceededFuture();
                    }
                    case "writeAndFlush" -> {
                        streamFrames.add((Http3DataFrame) args[0]);
                        yield loop.newSucceededFuture();
                    }
                    case "flush" -> proxy;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "stub " + type.getSimpleName();
                    default ->
                        throw new UnsupportedOperationException("stub " + type.getSimpleName() + "." + m.getName());
                });
        return type.cast(stub);
    }
}
