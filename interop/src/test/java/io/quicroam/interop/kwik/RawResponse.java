package io.quicroam.interop.kwik;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tech.kwik.core.QuicStream;
import tech.kwik.flupke.HttpStream;
import tech.kwik.flupke.impl.HeadersFrame;
import tech.kwik.qpack.Encoder;

/**
 * A HEADERS frame of the proxy's own making on a request stream: an interim (1xx) response before the final one (RFC
 * 9114 §4.1), or a final one with headers Flupke would not send. Flupke 0.9.4 sends only a bare final status (its
 * status callback closes the stream on anything but 200), so this writes Flupke's own HEADERS frame onto the QUIC
 * stream beneath its {@link HttpStream}, which it keeps in a private field. Test-only reflection.
 */
final class RawResponse {
    /** 103 Early Hints (RFC 8297): an interim response a real server may send to anyone. */
    static final int EARLY_HINTS = 103;

    private RawResponse() {}

    /** Sends {@code status} and the {@code headers} (none for an interim response) as one HEADERS frame. */
    static void send(HttpStream stream, int status, Map<String, String> headers) {
        try {
            QuicStream quic = StrandedSendWorkaround.quicStream(stream);
            HttpHeaders fields = HttpHeaders.of(
                    headers.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                    (name, value) -> true);
            byte[] frame = new HeadersFrame(fields, Map.of(":status", Integer.toString(status)))
                    .toBytes(Encoder.newBuilder().build());
            quic.getOutputStream().write(frame);
            StrandedSendWorkaround.sendTheRest(quic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
