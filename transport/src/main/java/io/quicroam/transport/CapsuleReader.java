package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.UnknownCapsule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the DATA frames of a CONNECT-IP stream into capsules, and answers a protocol violation the way the
 * RFCs say: a stream error resets the stream, a connection error closes the connection. After a violation the
 * stream is aborted once and whatever the peer had already sent on it is released unread.
 */
public final class CapsuleReader {
    private static final Logger log = LoggerFactory.getLogger(CapsuleReader.class);

    private final CapsuleDecoder decoder;
    private final Consumer<Capsule> sink;
    private final List<Capsule> decoded = new ArrayList<>(4);
    private long skipped;
    private boolean aborted;

    public CapsuleReader(int maxCapsuleLength, Consumer<Capsule> sink) {
        this(maxCapsuleLength, CapsuleDecoder.ALL_KNOWN, sink);
    }

    /**
     * A reader that parses only the capsule types {@code parsed} accepts (of those masque knows) and skips the
     * rest as unknown (RFC 9297 §3.2): an extension's capsule on a stream that did not negotiate it is skipped.
     */
    public CapsuleReader(int maxCapsuleLength, LongPredicate parsed, Consumer<Capsule> sink) {
        this.decoder = new CapsuleDecoder(maxCapsuleLength, parsed);
        this.sink = sink;
    }

    /** Decodes the frame's content (and releases it); false if the stream was, or is now, aborted. */
    public boolean read(QuicStreamChannel stream, Http3DataFrame frame) {
        try {
            return read(frame.content(), violation -> abort(stream, violation));
        } finally {
            frame.release();
        }
    }

    /**
     * Decodes {@code content} (not released here) on any transport: a violation is handed to {@code abort} once,
     * which answers it the way that transport's RFC says. False if the stream was, or is now, aborted.
     */
    public boolean read(ByteBuf content, Consumer<ProtocolViolation> abort) {
        if (aborted) {
            return false; // frames already in flight when we aborted: nothing more to say about them
        }
        try {
            decoder.decode(content, decoded);
        } catch (ProtocolViolation violation) {
            aborted = true;
            abort.accept(violation);
            return false;
        }
        for (Capsule capsule : decoded) {
            if (capsule instanceof UnknownCapsule unknown) {
                // RFC 9297 §3.2: capsules of unknown type are skipped.
                skipped++;
                log.debug("skipped capsule of unknown type {} ({} bytes)", unknown.type(), unknown.length());
            } else {
                sink.accept(capsule);
            }
        }
        decoded.clear();
        return true;
    }

    /** The peer closed its side of the stream: a capsule cut short is a violation. */
    public boolean endOfStream(QuicStreamChannel stream) {
        return endOfStream(violation -> abort(stream, violation));
    }

    /** {@link #endOfStream(QuicStreamChannel)} on any transport. */
    public boolean endOfStream(Consumer<ProtocolViolation> abort) {
        if (aborted) {
            return false;
        }
        try {
            decoder.endOfStream();
            return true;
        } catch (ProtocolViolation violation) {
            aborted = true;
            abort.accept(violation);
            return false;
        }
    }

    public long skippedUnknown() {
        return skipped;
    }

    /** Whether a violation aborted the stream: later frames are released unread. */
    public boolean aborted() {
        return aborted;
    }

    /**
     * H3_MESSAGE_ERROR is a stream error (RFC 9114 §4.1.2); so is H3_EXCESSIVE_LOAD for a capsule above the
     * limit, which burdens only its own stream (RFC 9114 §8: an error code may be used for a stream error or a
     * connection error): abort this stream only, reading and writing (RFC 9114 §4.1.2). Anything else is a
     * connection error (RFC 9114 §8).
     */
    public static void abort(QuicStreamChannel stream, ProtocolViolation violation) {
        log.warn("capsule protocol violation ({}): {}", violation.error(), violation.reason());
        if (violation.error() == H3Error.H3_MESSAGE_ERROR || violation.error() == H3Error.H3_EXCESSIVE_LOAD) {
            stream.shutdown((int) violation.error().code());
            stream.close();
        } else {
            HttpDatagramReceiver.closeWith((QuicChannel) stream.parent(), violation.error(), violation.reason());
        }
    }
}
