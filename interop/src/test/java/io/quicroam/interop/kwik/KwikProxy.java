package io.quicroam.interop.kwik;

import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.ConnectIpRequestValidator;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IpAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;
import tech.kwik.flupke.server.Http3ApplicationProtocolFactory;
import tech.kwik.flupke.server.Http3ServerConnection;
import tech.kwik.flupke.server.Http3ServerExtension;
import tech.kwik.flupke.server.Http3ServerExtensionFactory;
import tech.kwik.flupke.server.HttpRequestHandler;

/**
 * A CONNECT-IP proxy (RFC 9484) on an independent QUIC and HTTP/3 stack: Kwik and Flupke, pure Java, nothing shared
 * with netty or quiche. Extended CONNECT (RFC 9220) with {@code :protocol connect-ip} on quicroam's URI template, the
 * assignment and routes as capsules encoded with quicroam's {@code masque}, IP packets as HTTP Datagrams with context
 * ID 0, and behind it an {@code EchoHost} that answers ICMP echo and UDP. Test-only (Kwik and Flupke are LGPL-3.0,
 * test scope, NOTICE). Binds a loopback address only.
 */
public final class KwikProxy implements AutoCloseable {
    private static final String TEMPLATE_PATH = "/.well-known/masque/ip/{target}/{ipproto}/";

    static {
        KwikAssertions.off(); // before the first Kwik connection: Kwik's loss detector asserts a non-zero RTT
    }

    private final ServerConnector connector;
    private final Path directory;
    private final SelfSignedCertificate certificate;
    private final String template;
    private final InetSocketAddress address;
    private final ProxyCounters counters;
    private final ExecutorService streams;
    private final Set<ProxyTunnel> tunnels;

    private KwikProxy(
            ServerConnector connector,
            Path directory,
            SelfSignedCertificate certificate,
            String template,
            InetSocketAddress address,
            ProxyCounters counters,
            ExecutorService streams,
            Set<ProxyTunnel> tunnels) {
        this.connector = connector;
        this.directory = directory;
        this.certificate = certificate;
        this.template = template;
        this.address = address;
        this.counters = counters;
        this.streams = streams;
        this.tunnels = tunnels;
    }

    /** A proxy on {@code loopback} that assigns {@code addresses} and advertises {@code routes} to every request. */
    public static KwikProxy start(InetAddress loopback, AddressAssign addresses, RouteAdvertisement routes)
            throws IOException, GeneralSecurityException {
        return start(loopback, addresses, routes, ProxyOptions.DEFAULT);
    }

    /** Like {@link #start(InetAddress, AddressAssign, RouteAdvertisement)}, behaving as {@code options} say. */
    public static KwikProxy start(
            InetAddress loopback, AddressAssign addresses, RouteAdvertisement routes, ProxyOptions options)
            throws IOException, GeneralSecurityException {
        Path directory = Files.createTempDirectory("quicroam-kwik-");
        String host = loopback.getHostAddress();
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "kwik", host);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
        InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
        String template = "https://" + host + ":" + address.getPort() + TEMPLATE_PATH;
        ProxyCounters counters = new ProxyCounters();
        Set<ProxyTunnel> tunnels = ConcurrentHashMap.newKeySet();
        ExecutorService streams = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kwik-proxy-stream");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ServerConnector connector = ServerConnector.builder()
                    .withSocket(socket)
                    .withKeyStore(
                            PemKeyStore.withKey(certificate.certFile(), certificate.keyFile()),
                            PemKeyStore.ALIAS,
                            PemKeyStore.PASSWORD,
                            "secp256r1")
                    .withConfiguration(ServerConnectionConfig.builder()
                            .maxIdleTimeoutInSeconds(30)
                            .maxConnectionBufferSize(4_000_000)
                            .maxBidirectionalStreamBufferSize(1_000_000)
                            .maxUnidirectionalStreamBufferSize(1_000_000)
                            .maxOpenPeerInitiatedBidirectionalStreams(16)
                            .maxOpenPeerInitiatedUnidirectionalStreams(4)
                            .build())
                    .withLogger(new CountingLogger(counters))
                    .build();
            ConnectIpRequestValidator validator = new ConnectIpRequestValidator(UriTemplate.parse(template));
            connector.registerApplicationProtocol(
                    Http3ApplicationProtocolFactory.HTTP3_PROTOCOL_ID,
                    new ConnectIp(
                            quic -> new ProxyConnection(
                                    quic, validator, addresses, routes, counters, streams, options, tunnels),
                            options,
                            streams));
            PromptSettingsConnection.warmUp();
            connector.start();
            return new KwikProxy(connector, directory, certificate, template, address, counters, streams, tunnels);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            socket.close();
            streams.shutdownNow();
            throw e;
        }
    }

    /** The URI template agents use (server.url). */
    public String template() {
        return template;
    }

    /** The certificate agents must trust (server.ca-file). */
    public Path caFile() {
        return certificate.certFile();
    }

    public InetSocketAddress address() {
        return address;
    }

    public ProxyCounters counters() {
        return counters;
    }

    /** CONNECT-IP requests open now: answered 2xx, and neither their stream nor their connection has ended. */
    public int openSessions() {
        return tunnels.size();
    }

    /**
     * Asks every client for an address of each family (ADDRESS_REQUEST, RFC 9484 §4.7.2; Request IDs 1 and 2); their
     * answers land in {@link ProxyCounters#clientAssign}.
     */
    public void requestAddresses() throws IOException {
        AddressRequest request = new AddressRequest(List.of(
                new RequestedAddress(1, new IpPrefix(IpAddresses.parse("0.0.0.0"), 32)),
                new RequestedAddress(2, new IpPrefix(IpAddresses.parse("::"), 128))));
        for (ProxyTunnel tunnel : tunnels) {
            tunnel.send(request);
        }
    }

    /** Sends an empty ADDRESS_ASSIGN on every open request: all addresses withdrawn (RFC 9484 §4.7.1). */
    public void withdrawAddresses() throws IOException {
        for (ProxyTunnel tunnel : tunnels) {
            tunnel.send(new AddressAssign(List.of()));
        }
    }

    /**
     * Stops the proxy; then fails if Kwik aborted a connection on an internal error meanwhile, which a test must not
     * pass over: that client was never read again, whatever the test went on to see.
     */
    @Override
    public void close() {
        connector.close();
        streams.shutdownNow();
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Throwable internal = counters.internalError.get();
        if (internal != null) {
            throw new IllegalStateException("Kwik aborted a client's connection on an internal error", internal);
        }
    }

    /**
     * Flupke's HTTP/3 with what CONNECT-IP needs on top: Kwik's DATAGRAM extension (RFC 9221) on, SETTINGS_H3_DATAGRAM
     * = 1 (RFC 9297 §2.1.1), and each connection's {@link ProxyConnection} as its {@code connect-ip} extension.
     */
    private static final class ConnectIp implements ApplicationProtocolConnectionFactory, Http3ServerExtensionFactory {
        /** What Flupke built for each QUIC connection, until it asks for the connection's extension. */
        private final Map<Http3ServerConnection, ProxyConnection> pending =
                Collections.synchronizedMap(new WeakHashMap<>());

        private final Function<QuicConnection, ProxyConnection> perConnection;
        private final ProxyOptions options;
        private final ExecutorService executor;
        private final Http3ApplicationProtocolFactory http3;

        /** Flupke asks this first about every request, extended CONNECT too (no status set: on to the extension). */
        private static final HttpRequestHandler CONNECT_ONLY = (request, response) -> {
            // Anything but CONNECT gets 404: this server is a CONNECT-IP proxy only.
            if (!"CONNECT".equals(request.method())) {
                response.setStatus(404);
            }
        };

        ConnectIp(
                Function<QuicConnection, ProxyConnection> perConnection,
                ProxyOptions options,
                ExecutorService executor) {
            this.perConnection = perConnection;
            this.options = options;
            this.executor = executor;
            // Only for Flupke's stream limits (below): the connections themselves are PromptSettingsConnections.
            this.http3 = new Http3ApplicationProtocolFactory(CONNECT_ONLY, Map.of(), executor);
        }

        @Override
        public ApplicationProtocolConnection createConnection(String protocol, QuicConnection quic) {
            ProxyConnection connection = perConnection.apply(quic);
            PromptSettingsConnection h3 =
                    new PromptSettingsConnection(quic, CONNECT_ONLY, executor, Map.of(ConnectIpRequest.PROTOCOL, this));
            pending.put(h3, connection);
            return h3;
        }

        @Override
        public Http3ServerExtension createExtension(Http3ServerConnection connection) {
            return pending.remove(connection);
        }

        @Override
        public Map<Long, Long> getExtensionSettings() {
            // Flupke puts SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 first; these entries override it.
            long h3Datagram = options.h3Datagram() ? 1L : 0L;
            return options.extendedConnect()
                    ? Map.of(H3Datagrams.SETTINGS_H3_DATAGRAM, h3Datagram)
                    : Map.of(
                            H3Datagrams.SETTINGS_H3_DATAGRAM,
                            h3Datagram,
                            H3Datagrams.SETTINGS_ENABLE_CONNECT_PROTOCOL,
                            0L);
        }

        @Override
        public boolean enableDatagramExtension() {
            return options.quicDatagrams();
        }

        @Override
        public int maxConcurrentPeerInitiatedUnidirectionalStreams() {
            return http3.maxConcurrentPeerInitiatedUnidirectionalStreams();
        }

        @Override
        public long maxTotalPeerInitiatedUnidirectionalStreams() {
            return http3.maxTotalPeerInitiatedUnidirectionalStreams();
        }

        @Override
        public int maxConcurrentPeerInitiatedBidirectionalStreams() {
            return http3.maxConcurrentPeerInitiatedBidirectionalStreams();
        }

        @Override
        public int minUnidirectionalStreamReceiverBufferSize() {
            return http3.minUnidirectionalStreamReceiverBufferSize();
        }

        @Override
        public long maxUnidirectionalStreamReceiverBufferSize() {
            return http3.maxUnidirectionalStreamReceiverBufferSize();
        }
    }

    /**
     * Kwik logs, at debug, each UDP packet it discards for coming from an address the connection did not start on, and,
     * as an error, each connection it aborts on an internal error (only there: nothing else is told).
     */
    private static final class CountingLogger extends NullLogger {
        private final ProxyCounters counters;

        CountingLogger(ProxyCounters counters) {
            this.counters = counters;
        }

        @Override
        public void debug(String message) {
            if (message.contains("unmatched source address")) {
                counters.fromUnknownAddress.incrementAndGet();
            }
        }

        /**
         * Kwik aborts a connection with the same words when its sender cannot send (an {@link IOException}: the
         * network the client was on went away, as in the kernel lab) and when its own code fails: only the latter is
         * an internal error.
         */
        @Override
        public void error(String message, Throwable error) {
            if (message.contains("aborted due to internal error") && !(error instanceof IOException)) {
                counters.internalError.compareAndSet(null, error);
            }
        }
    }
}
