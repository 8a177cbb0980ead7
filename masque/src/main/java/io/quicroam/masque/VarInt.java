package io.quicroam.masque;

import io.netty.buffer.ByteBuf;

/**
 * QUIC variable-length integers (RFC 9000 §16): the two most significant bits of the first byte give
 * the encoded length (1, 2, 4 or 8 bytes), the remaining bits carry the value in network byte order.
 *
 * <p>Reads accept any encoding length, as RFC 9000 §16 and RFC 9297 §1.1 allow non-minimal encodings;
 * writes always use the shortest one.
 */
public final class VarInt {

    /** The largest encodable value, 2^62-1 (RFC 9000 §16). */
    public static final long MAX_VALUE = (1L << 62) - 1;

    private VarInt() {}

    /** Bytes needed for the shortest encoding of {@code value}: 1, 2, 4 or 8. */
    public static int length(long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("varint value out of range [0, 2^62-1]: " + value);
        }
        if (value < 1L << 6) {
            return 1;
        }
        if (value < 1L << 14) {
            return 2;
        }
        if (value < 1L << 30) {
            return 4;
        }
        return 8;
    }

    /** Length of the varint whose first byte is {@code firstByte} (RFC 9000 §16, Table 4). */
    public static int encodedLength(int firstByte) {
        return 1 << ((firstByte & 0xFF) >>> 6);
    }

    /** Writes the shortest encoding of {@code value}. */
    public static void write(ByteBuf out, long value) {
        switch (length(value)) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShort((int) value | 0x4000);
            case 4 -> out.writeInt((int) value | 0x8000_0000);
            default -> out.writeLong(value | 0xC000_0000_0000_0000L);
        }
    }

    /** Whether {@code in} holds the whole varint that starts at its reader index. */
    public static boolean isReadable(ByteBuf in) {
        return in.isReadable() && in.readableBytes() >= encodedLength(in.getByte(in.readerIndex()));
    }

    /**
     * Reads one varint and advances the reader index; returns -1 (reader index unchanged) if {@code in}
     * ends inside it. No exception: this runs once or twice per packet.
     */
    public static long read(ByteBuf in) {
        if (!isReadable(in)) {
            return -1;
        }
        int index = in.readerIndex();
        long value;
        switch (encodedLength(in.getByte(index))) {
            case 1 -> value = in.getUnsignedByte(index);
            case 2 -> value = in.getUnsignedShort(index) & 0x3FFF;
            case 4 -> value = in.getUnsignedInt(index) & 0x3FFF_FFFFL;
            default -> value = in.getLong(index) & MAX_VALUE;
        }
        in.skipBytes(encodedLength(in.getByte(index)));
        return value;
    }
}
