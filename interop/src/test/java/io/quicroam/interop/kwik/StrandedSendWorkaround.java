package io.quicroam.interop.kwik;

import java.io.IOException;
import java.lang.reflect.Field;
import tech.kwik.core.QuicStream;
import tech.kwik.flupke.HttpStream;

/**
 * Works around a lost wake-up in Kwik 0.10.8's stream sender (docs/interop.md, "The flake against Kwik"): a write asks
 * the sender for a send request before it counts the request as queued ({@code StreamOutputStreamImpl
 * .scheduleSendStreamFrameRequest}); when the sender thread runs the request in between, the count goes to -1, and if
 * the frame it was given room for did not take all the data (a capsule above one packet, or a packet shared with other
 * frames), its "more to send" request is skipped for that count. The rest stays in the send buffer until the stream's
 * next write: the last capsule of a burst never arrives. Seen 2026-11-29 with a diagnostic copy of that class: the
 * count at -1 and 90 bytes left behind (the tail of a 1280-byte ping, more than one of Kwik's packets); in 2 of 3
 * module runs (Kwik's assertions off) {@code withoutQuicDatagramsPacketsTravelBothWaysAsDatagramCapsules} lost that
 * ping. After each write the harness makes one more, empty, write on the QUIC stream: a send request asked for once the
 * count is back to 0, which takes what was left (0.7 ms later in the copy's log).
 */
final class StrandedSendWorkaround {
    private static final byte[] NOTHING = new byte[0];

    private StrandedSendWorkaround() {}

    /** One more send request on {@code stream}, after a write: sends what the write's own request left behind. */
    static void sendTheRest(HttpStream stream) throws IOException {
        sendTheRest(quicStream(stream));
    }

    static void sendTheRest(QuicStream stream) throws IOException {
        // Kwik's write of 0 bytes queues nothing, but asks for a send request; Flupke's would add an empty DATA frame.
        stream.getOutputStream().write(NOTHING);
    }

    /** The QUIC stream beneath Flupke's {@link HttpStream}, which Flupke keeps in a private field. Test-only. */
    static QuicStream quicStream(HttpStream stream) {
        for (Class<?> type = stream.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("quicStream");
                field.setAccessible(true);
                return (QuicStream) field.get(stream);
            } catch (NoSuchFieldException e) {
                // Flupke's server wraps its stream in an anonymous subclass: the field is further up.
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Flupke's HttpStream changed: its quicStream is out of reach", e);
            }
        }
        throw new IllegalStateException("Flupke's HttpStream changed: no quicStream field beneath it");
    }
}
