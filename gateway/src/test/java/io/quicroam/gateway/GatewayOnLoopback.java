package io.quicroam.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.TlsGroups;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real gateway on 127.0.0.1 for gateway tests that speak QUIC and HTTP/3 to it ({@link H3TestClient}): no
 * authentication, the {@link EchoHost} behind it, the template {@code /ip/{target}/{ipproto}/}.
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
        Path directory = Files.createTempDirectory("qr-gw-test-");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "gw", "127.0.0.1");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            port = probe.getLocalPort();
        }
        String authority = "127.0.0.1:" + port;
        GatewayConfig config = new GatewayConfig(
                new InetSocketAddress(loopback, port),
                UriTemplate.parse("https://" + authority + "/ip/{target}/{ipproto}/"),
                certificate.certFile(),
                certificate.keyFile(),
                directory,
                GatewayConfig.Auth.NONE,
                null,
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
                EgressRules.defaults());
        Gateway gateway = new Gateway(config, new EchoHost(), new SimpleMeterRegistry());
        return new GatewayOnLoopback(GatewayServer.start(gateway, QuicTuning.defaults()), authority, directory);
    }

    InetSocketAddress address() {
        return server.localAddress();
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
