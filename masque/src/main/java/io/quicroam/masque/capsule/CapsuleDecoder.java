package io.quicroam.masque.capsule;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Stateful, incremental decoder for one request stream's capsules (RFC 9297 §3.2): HTTP/3 DATA frames
 * arrive in arbitrary pieces, and a capsule may span many of them.
 *
 * <p>Buffering: {@link #decode} always consumes every readable byte of its input, so the caller keeps
 * nothing and releases its buffer as usual. A capsule that arrives whole within one input is parsed in
 * place; only a known capsule split across inputs is copied, into a heap array of exactly its length
 * (at most {@code maxCapsuleLength}). Unknown capsule types are skipped without buffering, however long
 * (RFC 9297 §3.2), which also heeds §3.2's advice not to accumulate whole capsules.
 *
 * <p>Errors: a malformed capsule or a stream ending inside a capsule is {@link H3Error#H3_MESSAGE_ERROR}
 * (RFC 9297 §3.3, RFC 9114 §4.1.2); a known capsule longer than {@code maxCapsuleLength} is refused up
 * front with {@link H3Error#H3_EXCESSIVE_LOAD} (RFC 9114 §8.1), before any of its value is buffered; the caller
 * aborts only the request stream with it.
 * After an error the decoder is spent. Not thread-safe: one decoder per stream, used from its event loop.
 */
public final class CapsuleDecoder {

    private enum State {
        HEADER,
        VALUE,
        SKIP,
        FAILED,
        ENDED
    }

    private static final int MAX_HEADER = 16; // two 8-byte varints

    /** Parses every type {@link CapsuleCodec} knows. */
    public static final LongPredicate ALL_KNOWN = type -> true;

    private final int maxCapsuleLength;
    private final LongPredicate parsed;
    private final byte[] header = new byte[MAX_HEADER];
    private State state = State.HEADER;
    private int headerLength;
    private long type;
    private long length;
    private byte[] value;
    private int valueFilled;
    private long skipRemaining;

    public CapsuleDecoder(int maxCapsuleLength) {
        this(maxCapsuleLength, ALL_KNOWN);
    }

    /**
     * A decoder that parses only the known types {@code parsed} accepts and skips the others like unknown ones
     * (RFC 9297 §3.2): an extension's capsule on a stream that did not negotiate the extension is skipped.
     */
    public CapsuleDecoder(int maxCapsuleLength, LongPredicate parsed) {
        if (maxCapsuleLength < 0) {
            throw new IllegalArgumentException("maxCapsuleLength must not be negative: " + maxCapsuleLength);
        }
        this.maxCapsuleLength = maxCapsuleLength;
        this.parsed = parsed;
    }

    /** A decoder with {@link CapsuleCodec#DEFAULT_MAX_CAPSULE_LENGTH}. */
    public CapsuleDecoder() {
        this(CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH);
    }

    /**
     * Consumes all of {@code in}, appending every capsule completed by these bytes to {@code out};
     * unknown ones are reported as {@link UnknownCapsule} once fully skipped.
     */
    public void decode(ByteBuf in, List<Capsule> out) throws ProtocolViolation {
        requireOpen();
        try {
            while (in.isReadable()) {
                switch (state) {
                    case HEADER -> readHeader(in, out);
                    case VALUE -> readValue(in, out);
                    case SKIP -> skip(in, out);
                    default -> throw new IllegalStateException("unreachable decoder state " + state);
                }
            }
        } catch (ProtocolViolation e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * The stream's receive side ended cleanly (FIN). A partially received capsule is a truncated
     * capsule, a malformed message (RFC 9297 §3.3).
     */
    public void endOfStream() throws ProtocolViolation {
        requireOpen();
        boolean between = state == State.HEADER && headerLength == 0;
        state = between ? State.ENDED : State.FAILED;
        if (!between) {
            throw new ProtocolViolation(
                    H3Error.H3_MESSAGE_ERROR,
                    "stream ended inside a capsule: the last capsule is truncated (RFC 9297 §3.3)");
        }
    }

    private void requireOpen() {
        if (state == State.FAILED || state == State.ENDED) {
            throw new IllegalStateException("capsule decoder already " + (state == State.FAILED ? "failed" : "ended"));
        }
    }

    /** Gathers the Type and Length varints byte by byte: they may be split across inputs. */
    private void readHeader(ByteBuf in, List<Capsule> out) throws ProtocolViolation {
        header[headerLength++] = in.readByte();
        int typeLength = VarInt.encodedLength(header[0]);
        if (headerLength <= typeLength) {
            return;
        }
        int lengthLength = VarInt.encodedLength(header[typeLength]);
        if (headerLength < typeLength + lengthLength) {
            return;
        }
        ByteBuf h = Unpooled.wrappedBuffer(header, 0, headerLength);
        type = VarInt.read(h);
        length = VarInt.read(h);
        headerLength = 0;
        if (!CapsuleCodec.isKnown(type) || !parsed.test(type)) {
            skipRemaining = length;
            state = State.SKIP;
            skip(in, out); // also completes a zero-length unknown capsule at once
            return;
        }
        if (length > maxCapsuleLength) {
            throw new ProtocolViolation(
                    H3Error.H3_EXCESSIVE_LOAD,
                    "capsule type 0x" + Long.toHexString(type) + " declares " + length + " bytes, above the limit of "
                            + maxCapsuleLength);
        }
        if (in.readableBytes() >= length) {
            // the whole value is here: parse it in place, no copy
            finish(in.readSlice((int) length), out);
            return;
        }
        value = new byte[(int) length];
        valueFilled = 0;
        state = State.VALUE;
    }

    private void readValue(ByteBuf in, List<Capsule> out) throws ProtocolViolation {
        int n = Math.min(in.readableBytes(), value.length - valueFilled);
        in.readBytes(value, valueFilled, n);
        valueFilled += n;
        if (valueFilled == value.length) {
            byte[] complete = value;
            value = null;
            finish(Unpooled.wrappedBuffer(complete), out);
        }
    }

    private void skip(ByteBuf in, List<Capsule> out) {
        int n = (int) Math.min(in.readableBytes(), skipRemaining);
        in.skipBytes(n);
        skipRemaining -= n;
        if (skipRemaining == 0) {
            out.add(new UnknownCapsule(type, length));
            state = State.HEADER;
        }
    }

    private void finish(ByteBuf capsuleValue, List<Capsule> out) throws ProtocolViolation {
        out.add(CapsuleCodec.decodeValue(type, capsuleValue));
        state = State.HEADER;
    }
}
