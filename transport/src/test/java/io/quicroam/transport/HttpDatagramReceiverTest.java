package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpDatagramReceiverTest {
    private final List<DropReason> drops = new ArrayList<>();
    private final HttpDatagramReceiver receiver = new HttpDatagramReceiver(drops::add);
    private final EmbeddedChannel channel = new EmbeddedChannel(receiver);
    private final List<String> heard = new ArrayList<>();

    @Test
    void eachDatagramGoesToItsStreamWithItsContextId() {
        receiver.register(0, listener("stream 0"));
        receiver.register(1, listener("stream 1"));
        channel.writeInbound(datagram(1, 0, "ip"), datagram(0, 2, "probe"), datagram(1, 0x4000_0000L, "big"));
        assertThat(heard)
                .containsExactly(
                        "stream 1 context 0: ip", "stream 0 context 2: probe", "stream 1 context 1073741824: big");
        assertThat(drops).isEmpty();
    }

    @Test
    void aDatagramForAStreamNobodyRegisteredIsDropped() {
        // RFC 9297 §2.1: datagrams of an unknown stream may be dropped.
        receiver.register(1, listener("stream 1"));
        receiver.unregister(1);
        ByteBuf datagram = datagram(1, 0, "late");
        channel.writeInbound(datagram);
        assertThat(heard).isEmpty();
        assertThat(drops).containsExactly(DropReason.UNKNOWN_STREAM);
        assertThat(datagram.refCnt()).isZero();
    }

    @Test
    void aDatagramCutShortInItsContextIdIsDroppedButTheConnectionLives() {
        receiver.register(1, listener("stream 1"));
        ByteBuf datagram = Unpooled.buffer();
        VarInt.write(datagram, 1);
        datagram.writeByte(0x40); // the first byte of a two-byte context ID, and nothing after it
        channel.writeInbound(datagram);
        assertThat(heard).isEmpty();
        assertThat(drops).containsExactly(DropReason.MALFORMED_DATAGRAM);
        assertThat(datagram.refCnt()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aMalformedOrOutOfRangeQuarterStreamIdClosesTheConnection() {
        // RFC 9297 §2.1: a connection error of type H3_DATAGRAM_ERROR.
        StubQuic quic = new StubQuic();
        ByteBuf empty = Unpooled.buffer();
        ByteBuf outOfRange = Unpooled.buffer();
        VarInt.write(outOfRange, HttpDatagram.MAX_QUARTER_STREAM_ID + 1);
        VarInt.write(outOfRange, 0);
        receiver.channelRead(quic.connectionContext(), empty);
        receiver.channelRead(quic.connectionContext(), outOfRange);
        String close = "connection close 0x" + Long.toHexString(H3Error.H3_DATAGRAM_ERROR.code())
                + " malformed quarter stream ID";
        assertThat(quic.events).containsExactly(close, close);
        assertThat(drops).containsExactly(DropReason.MALFORMED_DATAGRAM, DropReason.MALFORMED_DATAGRAM);
        assertThat(empty.refCnt()).isZero();
        assertThat(outOfRange.refCnt()).isZero();
    }

    @Test
    void whatIsNotADatagramPassesThrough() {
        channel.writeInbound("not a datagram");
        assertThat((Object) channel.readInbound()).isEqualTo("not a datagram");
    }

    private HttpDatagramReceiver.Listener listener(String name) {
        return (contextId, payload) -> {
            heard.add(name + " context " + contextId + ": " + payload.toString(StandardCharsets.US_ASCII));
            payload.release();
        };
    }

    private static ByteBuf datagram(long quarterStreamId, long contextId, String payload) {
        ByteBuf out = Unpooled.buffer();
        HttpDatagram.writeHeader(out, quarterStreamId, contextId);
        return out.writeBytes(payload.getBytes(StandardCharsets.US_ASCII));
    }
}
