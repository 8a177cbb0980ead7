package io.quicroam.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.TlsGroups;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real gateway on 127.0.0.1 for gateway tests that speak QUIC and HTTP/3 ({@link H3TestClient}) or TCP and HTTP/2
 * ({@link H2TestClient}) to it, on the same port number: no authentication unless asked, the {@link EchoHost} behind
 * it, the template {@code /ip/{target}/{ipproto}/}.
 */
final class GatewayOnLoopback implements AutoCloseable {
    final GatewayServer server;
    final String authority;
    private final Path directory;

    private GatewayOnLoopback(GatewayServer server, String authority, Path directory) {
        this.server = server;
        this.authority = authority;
        this.directory = directory;
    }

    static GatewayOnLoopback start(List<IpPrefix> routes, boolean extension) throws Exception {
        return start(routes, extension, null);
    }

    /** A gateway that lets in only the bearer token {@code token} (client "tester"), or anyone if null. */
    static GatewayOnLoopback start(List<IpPrefix> routes, boolean extension, String token) throws Exception {
        Path directory = Files.createTempDirectory("qr-gw-test-");
        Path tokens = null;
        if (token != null) {
            tokens = Files.writeString(directory.resolve("tokens.txt"), "tester " + token + "\n");
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "gw", "127.0.0.1");
        int port = freePort(loopback);
        String authority = "127.0.0.1:" + port;
        GatewayConfig config = new GatewayConfig(
                new InetSocketAddress(loopback, port),
                UriTemplate.parse("https://" + authority + "/ip/{target}/{ipproto}/"),
                certificate.certFile(),
                certificate.keyFile(),
                directory,
                token == null ? GatewayConfig.Auth.NONE : GatewayConfig.Auth.TOKENS,
                tokens,
                null,
                IpPrefix.parse("100.64.0.0/24"),
                IpPrefix.parse("fd7a:5152:4f41::/64"),
                routes,
                GatewayConfig.Egress.ECHO,
                "qrgw0",
                1500,
                extension,
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                TlsGroups.DEFAULT,
                HandshakeLimits.defaults(),
                GatewayConfig.DEFAULT_TOKEN_OVERLAP,
                GatewayLimits.defaults(),
                EgressRules.defaults(),
                new InetSocketAddress(loopback, port));
        Gateway gateway = new Gateway(config, new EchoHost(), new SimpleMeterRegistry());
        return new GatewayOnLoopback(GatewayServer.start(gateway, QuicTuning.defaults()), authority, directory);
    }

    /** A port free for UDP and TCP alike: the gateway listens on both (QUIC, HTTP/2) with the same number. */
    private static int freePort(InetAddress address) throws IOException {
        while (true) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0));
                    ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (BindException taken) {
                // that number is taken over TCP: another one
            }
        }
    }

    /** Where QUIC and HTTP/3 reach it. */
    InetSocketAddress address() {
        return server.localAddress();
    }

    /** Where TCP, TLS and HTTP/2 reach it. */
    InetSocketAddress tcpAddress() {
        return server.tcpAddress();
    }

    GatewayMetrics metrics() {
        return server.gateway().metrics();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
