package io.quicroam.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.gateway.Gateway;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.GatewayServer;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.TlsGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * A gateway on a loopback address with a throw-away self-signed certificate: for the demo, the benchmarks,
 * the simulator and tests. By default its egress is the {@link EchoHost}.
 */
public final class LocalGateway implements AutoCloseable {
    private static final String TEMPLATE_PATH = "/.well-known/masque/ip/{target}/{ipproto}/";
    private static final String SESSIONS_GAUGE = "quicroam_gateway_sessions";

    private final GatewayServer server;
    private final Path directory;
    private final SelfSignedCertificate certificate;
    private final String template;
    private final MeterRegistry registry;

    private LocalGateway(
            GatewayServer server,
            Path directory,
            SelfSignedCertificate certificate,
            String template,
            MeterRegistry registry) {
        this.server = server;
        this.directory = directory;
        this.certificate = certificate;
        this.template = template;
        this.registry = registry;
    }

    /** Settings a test may change; everything else is as a user's gateway would be. */
    public record Options(
            InetAddress address,
            List<String> tokens,
            PacketIo egress,
            QuicTuning tuning,
            List<IpPrefix> routes,
            boolean extension,
            Duration sessionGrace,
            IpPrefix poolV4,
            IpPrefix poolV6,
            Path clientCaFile,
            TlsGroups tlsGroups) {
        public static Options defaults() {
            return new Options(
                    InetAddress.getLoopbackAddress(),
                    List.of(),
                    new EchoHost(),
                    QuicTuning.defaults(),
                    List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")),
                    true,
                    Duration.ofSeconds(10),
                    IpPrefix.parse("100.64.0.0/16"),
                    IpPrefix.parse("fd7a:5152:4f41::/64"),
                    null,
                    TlsGroups.DEFAULT);
        }

        public Options withTokens(List<String> clientTokenLines) {
            return new Options(
                    address,
                    clientTokenLines,
                    egress,
                    tuning,
                    routes,
                    extension,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    clientCaFile,
                    tlsGroups);
        }

        public Options withEgress(PacketIo newEgress) {
            return new Options(
                    address,
                    tokens,
                    newEgress,
                    tuning,
                    routes,
                    extension,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    clientCaFile,
                    tlsGroups);
        }

        /** Off: the gateway is a plain RFC 9484 proxy (the agent must migrate beneath QUIC). */
        public Options withExtension(boolean enabled) {
            return new Options(
                    address,
                    tokens,
                    egress,
                    tuning,
                    routes,
                    enabled,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    clientCaFile,
                    tlsGroups);
        }

        /** What the gateway advertises and lets clients reach; default everything. */
        public Options withRoutes(List<IpPrefix> newRoutes) {
            return new Options(
                    address,
                    tokens,
                    egress,
                    tuning,
                    newRoutes,
                    extension,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    clientCaFile,
                    tlsGroups);
        }

        public Options withPools(IpPrefix v4, IpPrefix v6) {
            return new Options(
                    address, tokens, egress, tuning, routes, extension, sessionGrace, v4, v6, clientCaFile, tlsGroups);
        }

        /** Require client certificates issued by (or equal to) this PEM certificate: mTLS. */
        public Options withClientCa(Path caFile) {
            return new Options(
                    address,
                    tokens,
                    egress,
                    tuning,
                    routes,
                    extension,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    caFile,
                    tlsGroups);
        }

        /** The TLS key exchange groups the gateway accepts ({@code tls.groups}). */
        public Options withTlsGroups(TlsGroups groups) {
            return new Options(
                    address,
                    tokens,
                    egress,
                    tuning,
                    routes,
                    extension,
                    sessionGrace,
                    poolV4,
                    poolV6,
                    clientCaFile,
                    groups);
        }
    }

    public static LocalGateway start(Options options, MeterRegistry registry) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("quicroam-gateway-");
        String host = IpAddresses.format(options.address());
        SelfSignedCertificate certificate = SelfSignedCertificate.create(directory, "local", host);
        Path tokensFile = null;
        if (!options.tokens().isEmpty()) {
            tokensFile = directory.resolve("tokens.txt");
            Files.write(tokensFile, options.tokens(), StandardCharsets.UTF_8);
        }
        // Bind first to learn the port: the template's authority must name it.
        int port = freeUdpPort(options.address());
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String template = "https://" + authority + TEMPLATE_PATH;
        GatewayConfig config = new GatewayConfig(
                new InetSocketAddress(options.address(), port),
                UriTemplate.parse(template),
                certificate.certFile(),
                certificate.keyFile(),
                directory,
                tokensFile == null ? GatewayConfig.Auth.NONE : GatewayConfig.Auth.TOKENS,
                tokensFile,
                options.clientCaFile(),
                options.poolV4(),
                options.poolV6(),
                options.routes(),
                GatewayConfig.Egress.ECHO,
                "qrgw0",
                1500,
                options.extension(),
                options.sessionGrace(),
                Duration.ofHours(1),
                options.tlsGroups());
        Gateway gateway = new Gateway(config, options.egress(), registry);
        return new LocalGateway(
                GatewayServer.start(gateway, options.tuning()), directory, certificate, template, registry);
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    /** The URI template agents use. */
    public String template() {
        return template;
    }

    /** The certificate agents must trust (server.ca-file). */
    public Path caFile() {
        return certificate.certFile();
    }

    public GatewayServer server() {
        return server;
    }

    public Gateway gateway() {
        return server.gateway();
    }

    /** Sessions the gateway holds now, including those in their grace time: as an operator reads it, from the gauge. */
    public int sessions() {
        return (int) registry.get(SESSIONS_GAUGE).gauge().value();
    }

    @Override
    public void close() {
        server.close();
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
