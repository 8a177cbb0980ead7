package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpDatagramWriterTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void withHeadroomTheHeaderIsWrittenInPlace() {
        ByteBuf payload = payload(Unpooled.directBuffer(64), 16, "packet");
        ByteBuf datagram = HttpDatagramWriter.frame(ALLOC, 5, 0, payload);
        assertThat(datagram).as("no copy").isSameAs(payload);
        assertThat(parse(datagram)).isEqualTo("5/0/packet");
    }

    @Test
    void aLargeContextIdFitsTheHeadroomAsLongAsItIsThere() {
        ByteBuf payload = payload(Unpooled.directBuffer(64), 9, "probe");
        ByteBuf datagram = HttpDatagramWriter.frame(ALLOC, 0x3fff, 0x4000_0000L, payload); // 2 + 8 bytes of header
        assertThat(datagram).as("one byte short: copied").isNotSameAs(payload);
        assertThat(payload.refCnt()).isZero();
        assertThat(parse(datagram)).isEqualTo("16383/1073741824/probe");
    }

    @Test
    void withoutHeadroomOrOnTheHeapOrSharedThePayloadIsCopied() {
        ByteBuf noRoom = payload(Unpooled.directBuffer(64), 0, "a");
        ByteBuf heap = payload(Unpooled.buffer(64), 16, "b");
        ByteBuf shared = payload(Unpooled.directBuffer(64), 16, "c").retain();
        assertThat(parse(HttpDatagramWriter.frame(ALLOC, 1, 2, noRoom))).isEqualTo("1/2/a");
        assertThat(parse(HttpDatagramWriter.frame(ALLOC, 1, 2, heap))).isEqualTo("1/2/b");
        assertThat(parse(HttpDatagramWriter.frame(ALLOC, 1, 2, shared))).isEqualTo("1/2/c");
        assertThat(noRoom.refCnt()).isZero();
        assertThat(heap.refCnt()).isZero();
        assertThat(shared.refCnt()).as("the other holder's reference").isEqualTo(1);
        assertThat(shared.toString(12, 5, StandardCharsets.US_ASCII))
                .as("no header written into the other holder's bytes")
                .isEqualTo("\0\0\0\0c");
    }

    private static ByteBuf payload(ByteBuf buffer, int headroom, String text) {
        buffer.writerIndex(headroom).readerIndex(headroom);
        return buffer.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** "quarterStreamId/contextId/payload"; releases the datagram. */
    private static String parse(ByteBuf datagram) {
        try {
            long quarterStreamId = HttpDatagram.readQuarterStreamId(datagram);
            long contextId = HttpDatagram.readContextId(datagram);
            return quarterStreamId + "/" + contextId + "/" + datagram.toString(StandardCharsets.US_ASCII);
        } finally {
            datagram.release();
        }
    }
}
