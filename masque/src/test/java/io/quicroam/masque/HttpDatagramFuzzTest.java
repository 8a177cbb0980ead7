package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzz target (issue #14) for the HTTP Datagram header (RFC 9297 §2.1: Quarter Stream ID, then RFC 9484 §6's Context
 * ID). Any received bytes read as two varints or as -1 for a truncated one, never an exception, and never a value
 * outside the varint range (RFC 9000 §16); a header written for any legal pair reads back as that pair and takes
 * exactly {@link HttpDatagram#headerLength} bytes (decode(encode(x)) == x).
 */
class HttpDatagramFuzzTest {

    @FuzzTest
    void headersReadBackAndAnyBytesReadSafely(FuzzedDataProvider data) {
        long quarterStreamId = data.consumeLong(0, HttpDatagram.MAX_QUARTER_STREAM_ID);
        long contextId = data.consumeLong(0, VarInt.MAX_VALUE);
        ByteBuf written = Unpooled.buffer();
        HttpDatagram.writeHeader(written, quarterStreamId, contextId);
        assertThat(written.readableBytes()).isEqualTo(HttpDatagram.headerLength(quarterStreamId, contextId));
        assertThat(HttpDatagram.readQuarterStreamId(written)).isEqualTo(quarterStreamId);
        assertThat(HttpDatagram.readContextId(written)).isEqualTo(contextId);
        assertThat(written.isReadable()).isFalse();

        ByteBuf received = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        int before = received.readableBytes();
        long q = HttpDatagram.readQuarterStreamId(received);
        assertThat(q).isBetween(-1L, VarInt.MAX_VALUE);
        if (q < 0) {
            assertThat(received.readableBytes())
                    .as("a truncated varint consumes nothing")
                    .isEqualTo(before);
            assertThat(HttpDatagram.quarterStreamIdOutOfRange(q)).isTrue();
            return;
        }
        if (HttpDatagram.quarterStreamIdOutOfRange(q)) {
            assertThat(q).isGreaterThan(HttpDatagram.MAX_QUARTER_STREAM_ID);
            return; // H3_DATAGRAM_ERROR for the caller (RFC 9297 §2.1)
        }
        assertThat(HttpDatagram.streamId(q) >>> 2).isEqualTo(q);
        long context = HttpDatagram.readContextId(received);
        assertThat(context).isBetween(-1L, VarInt.MAX_VALUE);
    }
}
