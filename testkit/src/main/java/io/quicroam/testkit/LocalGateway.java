package io.quicroam.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.gateway.Gateway;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.GatewayLimits;
import io.quicroam.gateway.GatewayServer;
import io.quicroam.gateway.HandshakeLimits;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.TlsGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A gateway on a loopback address with a throw-away self-signed certificate: for the demo, the benchmarks,
 * the simulator and tests. By default its egress is an {@link EchoHost} of its own.
 */
public final class LocalGateway implements AutoCloseable {
    private static final String TEMPLATE_PATH = "/.well-known/masque/ip/{target}/{ipproto}/";
    private static final String SESSIONS_GAUGE = "quicroam_gateway_sessions";
    private static final String SESSIONS_IN_GRACE_GAUGE = "quicroam_gateway_sessions_in_grace";

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

    /**
     * Settings a test may change; everything else is as a user's gateway would be.
     *
     * @param egress the gateway's egress; null (the default): an {@link EchoHost} of each gateway's own. An egress
     *               serves one gateway ({@link PacketIo#start} is called once), so options that start several gateways
     *               (a test class's, shared) must leave it null: one EchoHost shared by two gateways answered the
     *               second only, and nobody once that one closed
     */
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
            TlsGroups tlsGroups,
            HandshakeLimits handshakes,
            GatewayLimits limits,
            EgressRules egressPolicy) {
        public static Options defaults() {
            return new Options(
                    InetAddress.getLoopbackAddress(),
                    List.of(),
                    null,
                    QuicTuning.defaults(),
                    List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")),
                    true,
                    Duration.ofSeconds(10),
                    IpPrefix.parse("100.64.0.0/16"),
                    IpPrefix.parse("fd7a:5152:4f41::/64"),
                    null,
                    TlsGroups.DEFAULT,
                    HandshakeLimits.defaults(),
                    GatewayLimits.defaults(),
                    EgressRules.defaults());
        }

        public Options withTokens(List<String> clientTokenLines) {
            return change(d -> d.tokens = clientTokenLines);
        }

        public Options withEgress(PacketIo newEgress) {
            return change(d -> d.egress = newEgress);
        }

        /** Off: the gateway is a plain RFC 9484 proxy (the agent must migrate beneath QUIC). */
        public Options withExtension(boolean enabled) {
            return change(d -> d.extension = enabled);
        }

        /** What the gateway advertises and lets clients reach; default everything. */
        public Options withRoutes(List<IpPrefix> newRoutes) {
            return change(d -> d.routes = newRoutes);
        }

        public Options withPools(IpPrefix v4, IpPrefix v6) {
            return change(d -> {
                d.poolV4 = v4;
                d.poolV6 = v6;
            });
        }

        /** Require client certificates issued by (or equal to) this PEM certificate: mTLS. */
        public Options withClientCa(Path caFile) {
            return change(d -> d.clientCaFile = caFile);
        }

        /** The TLS key exchange groups the gateway accepts ({@code tls.groups}). */
        public Options withTlsGroups(TlsGroups groups) {
            return change(d -> d.tlsGroups = groups);
        }

        /** Retry and per-source-prefix handshake limits ({@code handshakes}). */
        public Options withHandshakes(HandshakeLimits newHandshakes) {
            return change(d -> d.handshakes = newHandshakes);
        }

        /** Quotas and the addresses' quarantine ({@code limits}); default as a user's gateway. */
        public Options withLimits(GatewayLimits newLimits) {
            return change(d -> d.limits = newLimits);
        }

        /** Destinations clients may not reach ({@code egress-policy}); default as a user's gateway. */
        public Options withEgressPolicy(EgressRules rules) {
            return change(d -> d.egressPolicy = rules);
        }

        private Options change(Consumer<Draft> edit) {
            Draft draft = new Draft(this);
            edit.accept(draft);
            return draft.build();
        }

        /** A mutable copy, so a new setting is one field here and one wither, not an edit of every wither. */
        private static final class Draft {
            InetAddress address;
            List<String> tokens;
            PacketIo egress;
            QuicTuning tuning;
            List<IpPrefix> routes;
            boolean extension;
            Duration sessionGrace;
            IpPrefix poolV4;
            IpPrefix poolV6;
            Path clientCaFile;
            TlsGroups tlsGroups;
            HandshakeLimits handshakes;
            GatewayLimits limits;
            EgressRules egressPolicy;

            Draft(Options o) {
                address = o.address;
                tokens = o.tokens;
                egress = o.egress;
                tuning = o.tuning;
                routes = o.routes;
                extension = o.extension;
                sessionGrace = o.sessionGrace;
                poolV4 = o.poolV4;
                poolV6 = o.poolV6;
                clientCaFile = o.clientCaFile;
                tlsGroups = o.tlsGroups;
                handshakes = o.handshakes;
                limits = o.limits;
                egressPolicy = o.egressPolicy;
            }

            Options build() {
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
                        tlsGroups,
                        handshakes,
                        limits,
                        egressPolicy);
            }
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
        int port = freePort(options.address());
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
                options.tlsGroups(),
                options.handshakes(),
                GatewayConfig.DEFAULT_TOKEN_OVERLAP,
                options.limits(),
                options.egressPolicy(),
                new InetSocketAddress(options.address(), port));
        Gateway gateway = new Gateway(config, options.egress() != null ? options.egress() : new EchoHost(), registry);
        return new LocalGateway(
                GatewayServer.start(gateway, options.tuning()), directory, certificate, template, registry);
    }

    /** A port free for UDP (QUIC) and TCP (HTTP/2) alike: the gateway listens on both with the same number. */
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

    /** The URI template agents use. */
    public String template() {
        return template;
    }

    /** The gateway's tokens file (with tokens): a test may rewrite it and reload ({@link Gateway#reloadTokens}). */
    public Path tokensFile() {
        return directory.resolve("tokens.txt");
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

    /** Sessions without a path, waiting out their grace time: from the gauge. */
    public int sessionsInGrace() {
        return (int) registry.get(SESSIONS_IN_GRACE_GAUGE).gauge().value();
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
