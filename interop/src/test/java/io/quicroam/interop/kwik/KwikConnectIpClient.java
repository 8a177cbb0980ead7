package io.quicroam.interop.kwik;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.capsule.RouteAdvertisement;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.log.NullLogger;
import tech.kwik.flupke.HttpError;
import tech.kwik.flupke.HttpStream;
import tech.kwik.flupke.impl.Http3ClientConnectionImpl;

/**
 * A CONNECT-IP client (RFC 9484) on Kwik and Flupke, for testing quicroam's gateway against a stack it shares nothing
 * with: extended CONNECT on the proxy's URI template, the proxy's capsules read as they come, IP packets sent and
 * received as HTTP Datagrams with context ID 0. One request per client; test-only.
 */
public final class KwikConnectIpClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static {
        KwikAssertions.off(); // before the first Kwik connection: Kwik's loss detector asserts a non-zero RTT
    }

    private final QuicClientConnection quic;
    private final Http3ClientConnectionImpl http3;
    private final ExecutorService threads;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<AddressAssign> assigned = new CompletableFuture<>();
    private final CompletableFuture<RouteAdvertisement> routed = new CompletableFuture<>();
    private final AtomicLong capsulePackets = new AtomicLong();
    private HttpStream stream;

    private KwikConnectIpClient(QuicClientConnection quic, Http3ClientConnectionImpl http3, ExecutorService threads) {
        this.quic = quic;
        this.http3 = http3;
        this.threads = threads;
    }

    /** Connects to the proxy of {@code template}, trusting {@code caFile}; the request is {@link #open}'s. */
    public static KwikConnectIpClient connect(UriTemplate template, Path caFile)
            throws IOException, GeneralSecurityException {
        return connect(template, caFile, true);
    }

    /**
     * Like {@link #connect(UriTemplate, Path)}; without {@code quicDatagrams} the client offers no QUIC DATAGRAM frames
     * (RFC 9221 §3), as a client over a stack without them: its packets then go only as DATAGRAM capsules
     * ({@link #sendAsCapsule}, RFC 9297 §3.5).
     */
    public static KwikConnectIpClient connect(UriTemplate template, Path caFile, boolean quicDatagrams)
            throws IOException, GeneralSecurityException {
        QuicClientConnection.Builder builder = QuicClientConnection.newBuilder()
                .uri(URI.create("https://" + template.authority()))
                .applicationProtocol("h3")
                .customTrustStore(PemKeyStore.trusting(caFile))
                .connectTimeout(TIMEOUT)
                .maxIdleTimeout(Duration.ofSeconds(30))
                .logger(new NullLogger());
        if (quicDatagrams) {
            builder.enableDatagramExtension();
        }
        QuicClientConnection quic = builder.build();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kwik-client");
            thread.setDaemon(true);
            return thread;
        });
        Http3ClientConnectionImpl http3 = new Http3ClientConnectionImpl(quic, threads);
        http3.addSettingsParameter(H3Datagrams.SETTINGS_H3_DATAGRAM, 1);
        KwikConnectIpClient client = new KwikConnectIpClient(quic, http3, threads);
        quic.setDatagramHandler(client::onDatagram);
        try {
            http3.connect();
        } catch (IOException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /**
     * Sends the CONNECT-IP request (RFC 9484 §4.4) for any target and protocol, with {@code authorization} when not
     * null; an {@link HttpError} carries the status of a refusal.
     */
    public void open(UriTemplate template, String authorization) throws IOException, HttpError, InterruptedException {
        ConnectIpRequest request = ConnectIpRequest.of(template, "*", "*");
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("https://" + request.authority() + request.path()))
                .header("capsule-protocol", "?1");
        if (authorization != null) {
            builder.header("authorization", authorization);
        }
        stream = http3.sendExtendedConnect(builder.build(), ConnectIpRequest.PROTOCOL, "https", TIMEOUT);
        threads.execute(this::readCapsules);
    }

    private void readCapsules() {
        CapsuleDecoder decoder = new CapsuleDecoder();
        List<Capsule> decoded = new ArrayList<>();
        byte[] buffer = new byte[4096];
        try (InputStream in = stream.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                decoder.decode(Unpooled.wrappedBuffer(buffer, 0, n), decoded);
                for (Capsule capsule : decoded) {
                    if (capsule instanceof AddressAssign assign) {
                        assigned.complete(assign);
                    } else if (capsule instanceof RouteAdvertisement routes) {
                        routed.complete(routes);
                    } else if (capsule instanceof DatagramCapsule datagram) {
                        onCapsuleDatagram(datagram);
                    }
                }
                decoded.clear();
            }
        } catch (IOException | ProtocolViolation e) {
            assigned.completeExceptionally(e);
            routed.completeExceptionally(e);
        }
    }

    public AddressAssign assignment() throws Exception {
        return assigned.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RouteAdvertisement routes() throws Exception {
        return routed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a QUIC PING every half idle timeout for {@code duration} (Kwik's keep-alive), as a client does that stays
     * connected through long silences.
     */
    public void keepAlive(Duration duration) {
        quic.keepAlive(Math.toIntExact(duration.toSeconds()));
    }

    /** Sends one IP packet as an HTTP Datagram with context ID 0; releases it. */
    public void send(ByteBuf packet) {
        try {
            quic.sendDatagram(H3Datagrams.ipPacket(stream.getStreamId(), packet));
        } finally {
            packet.release();
        }
    }

    /** Sends one IP packet as a DATAGRAM capsule with context ID 0 (RFC 9297 §3.5); releases it. */
    public void sendAsCapsule(ByteBuf packet) throws IOException {
        try {
            ByteBuf payload = Unpooled.buffer();
            VarInt.write(payload, HttpDatagram.IP_PACKET_CONTEXT_ID);
            payload.writeBytes(packet);
            ByteBuf capsule = Unpooled.buffer();
            CapsuleCodec.encode(new DatagramCapsule(ByteBufUtil.getBytes(payload)), capsule);
            stream.getOutputStream().write(ByteBufUtil.getBytes(capsule));
            StrandedSendWorkaround.sendTheRest(stream);
        } finally {
            packet.release();
        }
    }

    /** IP packets that came as DATAGRAM capsules rather than QUIC datagrams. */
    public long capsulePacketsReceived() {
        return capsulePackets.get();
    }

    private void onCapsuleDatagram(DatagramCapsule datagram) {
        ByteBuf payload = Unpooled.wrappedBuffer(datagram.payload());
        if (VarInt.read(payload) == HttpDatagram.IP_PACKET_CONTEXT_ID) {
            capsulePackets.incrementAndGet();
            received.add(ByteBufUtil.getBytes(payload));
        }
    }

    /**
     * The next IP packet the proxy sent on this request, or null after {@code timeout}, to the nanosecond: a pinger
     * that waits out the time to its next send here would otherwise send up to a millisecond late.
     */
    public ByteBuf poll(Duration timeout) throws InterruptedException {
        byte[] packet = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return packet == null ? null : Unpooled.wrappedBuffer(packet);
    }

    private void onDatagram(byte[] datagram) {
        H3Datagrams.Received in = H3Datagrams.parse(datagram);
        if (stream != null
                && in.quarterStreamId() == HttpDatagram.quarterStreamId(stream.getStreamId())
                && in.contextId() == HttpDatagram.IP_PACKET_CONTEXT_ID) {
            byte[] packet = new byte[in.payload().readableBytes()];
            in.payload().readBytes(packet);
            received.add(packet);
        }
    }

    @Override
    public void close() {
        try {
            quic.close();
        } finally {
            threads.shutdownNow();
        }
    }
}
