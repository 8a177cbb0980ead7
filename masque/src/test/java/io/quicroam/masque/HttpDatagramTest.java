package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class HttpDatagramTest {

    @Test
    void quarterStreamIdIsTheRequestStreamDividedByFour() {
        assertThat(HttpDatagram.quarterStreamId(0)).isZero();
        assertThat(HttpDatagram.quarterStreamId(44)).isEqualTo(11); // RFC 9484 §8.1: STREAM(44) → Quarter Stream ID 11
        assertThat(HttpDatagram.streamId(11)).isEqualTo(44);
    }

    @Test
    void onlyClientInitiatedBidirectionalStreamsCarryRequests() {
        for (long notARequestStream : new long[] {1, 2, 3, 6, -4}) {
            assertThatThrownBy(() -> HttpDatagram.quarterStreamId(notARequestStream))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client-initiated bidirectional");
        }
    }

    @Test
    void ipPacketDatagramOnAnEarlyStreamHasATwoByteHeader() {
        ByteBuf out = Unpooled.buffer();
        HttpDatagram.writeHeader(out, 11, HttpDatagram.IP_PACKET_CONTEXT_ID);
        assertThat(Hex.of(out)).isEqualTo("0b00");
        assertThat(HttpDatagram.headerLength(11, 0)).isEqualTo(2);
    }

    @Test
    void quarterStreamIdLimitIsTwoToTheSixtyMinusOne() {
        assertThat(HttpDatagram.quarterStreamIdOutOfRange((1L << 60) - 1)).isFalse();
        assertThat(HttpDatagram.quarterStreamIdOutOfRange(1L << 60)).isTrue();
        // a peer can encode such a value: the reader returns it, the caller must check it
        ByteBuf in = Unpooled.buffer();
        VarInt.write(in, 1L << 60);
        long qsid = HttpDatagram.readQuarterStreamId(in);
        assertThat(HttpDatagram.quarterStreamIdOutOfRange(qsid)).isTrue();
        assertThatThrownBy(() -> HttpDatagram.writeHeader(Unpooled.buffer(), 1L << 60, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedHeadersReadAsMinusOne() {
        assertThat(HttpDatagram.readQuarterStreamId(Unpooled.EMPTY_BUFFER)).isEqualTo(-1);
        ByteBuf onlyQsid = Hex.buf("0b");
        assertThat(HttpDatagram.readQuarterStreamId(onlyQsid)).isEqualTo(11);
        assertThat(HttpDatagram.readContextId(onlyQsid)).isEqualTo(-1);
        ByteBuf cutContext = Hex.buf("0b40"); // two-byte context ID, one byte present
        HttpDatagram.readQuarterStreamId(cutContext);
        assertThat(HttpDatagram.readContextId(cutContext)).isEqualTo(-1);
        assertThat(cutContext.readableBytes()).isEqualTo(1);
    }

    @Test
    void contextIdParityTellsWhoAllocatedIt() {
        assertThat(HttpDatagram.isClientAllocated(2)).isTrue();
        assertThat(HttpDatagram.isClientAllocated(3)).isFalse();
    }

    @Property
    void headerRoundTrips(
            @ForAll @LongRange(min = 0, max = (1L << 60) - 1) long qsid,
            @ForAll @LongRange(min = 0, max = VarInt.MAX_VALUE) long contextId) {
        ByteBuf buf = Unpooled.buffer();
        HttpDatagram.writeHeader(buf, qsid, contextId);
        buf.writeByte(0x45); // first payload byte
        assertThat(buf.readableBytes()).isEqualTo(HttpDatagram.headerLength(qsid, contextId) + 1);
        assertThat(HttpDatagram.readQuarterStreamId(buf)).isEqualTo(qsid);
        assertThat(HttpDatagram.readContextId(buf)).isEqualTo(contextId);
        assertThat(buf.readUnsignedByte()).isEqualTo((short) 0x45);
    }
}
