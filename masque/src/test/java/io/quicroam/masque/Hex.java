package io.quicroam.masque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Hex helpers for test vectors. */
public final class Hex {

    private Hex() {}

    /** A heap buffer holding the bytes of a hex string (whitespace ignored). */
    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
    }

    /** The readable bytes of a buffer as lower-case hex, without consuming them. */
    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
