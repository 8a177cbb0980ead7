package io.quicroam.interop.kwik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import tech.kwik.core.QuicStream;
import tech.kwik.flupke.HttpStream;
import tech.kwik.flupke.impl.HeadersFrame;
import tech.kwik.qpack.Encoder;

/**
 * An interim (1xx) response on a request stream before the final one (RFC 9114 §4.1). Flupke 0.9.4 sends only final
 * responses (its status callback closes the stream on anything but 200), so this writes Flupke's own HEADERS frame
 * onto the QUIC stream beneath its {@link HttpStream}, which it keeps in a private field. Test-only reflection.
 */
final class InterimResponse {
    /** 103 Early Hints (RFC 8297): an interim response a real server may send to anyone. */
    static final int EARLY_HINTS = 103;

    private InterimResponse() {}

    static void send(HttpStream stream, int status) {
        try {
            Field field = stream.getClass().getSuperclass().getDeclaredField("quicStream");
            field.setAccessible(true);
            QuicStream quic = (QuicStream) field.get(stream);
            byte[] frame = new HeadersFrame(":status", Integer.toString(status))
                    .toBytes(Encoder.newBuilder().build());
            quic.getOutputStream().write(frame);
            quic.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Flupke's HttpStream changed: no quicStream field to send a 1xx on", e);
        }
    }
}
