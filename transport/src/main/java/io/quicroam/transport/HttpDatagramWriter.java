package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.HttpDatagram;

/** Frames a payload as an HTTP Datagram (RFC 9297 §2.1) with a context ID (RFC 9484 §6). */
public final class HttpDatagramWriter {
    private HttpDatagramWriter() {}

    /**
     * Returns the datagram: the header written into {@code payload}'s headroom when there is room (no copy),
     * otherwise a new direct buffer. Takes ownership of {@code payload}.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, long quarterStreamId, long contextId, ByteBuf payload) {
        int headerLength = HttpDatagram.headerLength(quarterStreamId, contextId);
        int start = payload.readerIndex() - headerLength;
        if (start >= 0 && payload.isDirect() && payload.refCnt() == 1) {
            int writerIndex = payload.writerIndex();
            payload.readerIndex(start).writerIndex(start);
            HttpDatagram.writeHeader(payload, quarterStreamId, contextId);
            payload.writerIndex(writerIndex);
            return payload;
        }
        ByteBuf datagram = alloc.directBuffer(headerLength + payload.readableBytes());
        HttpDatagram.writeHeader(datagram, quarterStreamId, contextId);
        datagram.writeBytes(payload);
        payload.release();
        return datagram;
    }
}
