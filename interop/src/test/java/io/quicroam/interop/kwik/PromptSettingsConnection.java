package io.quicroam.interop.kwik;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.flupke.impl.SettingsFrame;
import tech.kwik.flupke.server.Http3ServerExtensionFactory;
import tech.kwik.flupke.server.HttpRequestHandler;
import tech.kwik.flupke.server.impl.Http3ServerConnectionImpl;
import tech.kwik.qpack.Decoder;
import tech.kwik.qpack.Encoder;

/**
 * Flupke's server connection with its SETTINGS sent promptly. Kwik builds the HTTP/3 connection on its receiver
 * thread once the handshake completes (HANDSHAKE_DONE goes out first), and Flupke 0.9.4's constructor writes the
 * control stream's type byte and its SETTINGS frame in two writes, which Kwik sends as soon as each is written. A
 * client waits for those SETTINGS before it may send extended CONNECT (RFC 9220 §3), so whatever delays the second
 * write delays every CONNECT-IP session. Measured (2026-11-29, a sent-packet trace in {@link KwikProxy}): on a JVM's
 * first connection the constructor took 223 ms, 206 of them building QPACK's first {@code Encoder} (class loading
 * and tables); on a loaded machine the receiver thread was descheduled between the two writes for 36 ms. Here the
 * stream type and the frame go in one write, and {@link #warmUp()} pays the one-time cost when the proxy starts.
 */
final class PromptSettingsConnection extends Http3ServerConnectionImpl {
    /** Flupke's own limits (Http3ApplicationProtocolFactory's defaults). */
    private static final long MAX_HEADER_SIZE = 10 * 1024;

    private static final long MAX_DATA_SIZE = 10 * 1024 * 1024;

    PromptSettingsConnection(
            QuicConnection quic,
            HttpRequestHandler handler,
            ExecutorService executor,
            Map<String, Http3ServerExtensionFactory> extensions) {
        super(quic, handler, MAX_HEADER_SIZE, MAX_DATA_SIZE, executor, extensions);
    }

    /** Loads and initialises what every connection's constructor builds, so the first client does not wait for it. */
    static void warmUp() {
        Encoder.newBuilder().build().compressHeaders(List.of(Map.entry(":status", "200")));
        Decoder.newBuilder().build();
        settingsBytes(Map.of());
    }

    /**
     * RFC 9114 §6.2.1: "Each side MUST initiate a single control stream at the beginning of the connection and send
     * its SETTINGS frame as the first frame on this stream"; here the stream type (0x00) and the frame in one write.
     * Called by the superclass's constructor, so it may use only the superclass's state.
     */
    @Override
    protected void startControlStream() {
        try {
            QuicStream control = quicConnection.createStream(false);
            ByteBuffer settings = settingsBytes(settingsParameters);
            byte[] stream = new byte[1 + settings.limit()];
            stream[0] = STREAM_TYPE_CONTROL_STREAM;
            settings.get(0, stream, 1, settings.limit());
            control.getOutputStream().write(stream);
        } catch (IOException e) {
            // RFC 9114 §6.2.1: a closed control stream is a connection error of type H3_CLOSED_CRITICAL_STREAM.
            connectionError(H3_CLOSED_CRITICAL_STREAM);
        }
    }

    private static ByteBuffer settingsBytes(Map<Long, Long> parameters) {
        SettingsFrame frame = new SettingsFrame();
        frame.addParameters(parameters);
        return frame.getBytes();
    }
}
