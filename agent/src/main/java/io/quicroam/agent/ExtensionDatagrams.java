package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.VarInt;
import io.quicroam.packetio.PacketIo;

/** Payloads of quicroam's extension contexts (docs/extension.md): a sequence number, then what it numbers. */
final class ExtensionDatagrams {
    private ExtensionDatagrams() {}

    /** A probe's payload: its sequence number alone. The caller owns the buffer. */
    static ByteBuf probe(ByteBufAllocator alloc, long sequence) {
        return sequenced(alloc, sequence, Unpooled.EMPTY_BUFFER);
    }

    /**
     * {@code sequence}, then a copy of {@code payload}'s readable bytes, with headroom in front for the datagram header.
     * {@code payload} stays the caller's; the caller owns the returned buffer.
     */
    static ByteBuf sequenced(ByteBufAllocator alloc, long sequence, ByteBuf payload) {
        ByteBuf out = alloc.directBuffer(PacketIo.HEADROOM + VarInt.length(sequence) + payload.readableBytes());
        out.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM);
        VarInt.write(out, sequence);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        return out;
    }
}
