package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.TlsGroups;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The agent checks that the proxy's certificate names the host in {@code server.url} (RFC 9110 §4.3.4), not only that
 * a trusted anchor signed it; agent and gateway restrict key exchange to their {@code tls.groups}. Real QUIC to
 * loopback gateways whose certificate, trusted as {@code server.ca-file}, is for 127.0.0.1.
 */
class HostNameVerificationTest {
    @Test
    void aCertificateForAnotherHostFailsTheConnectionWithAClearReason() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), new SimpleMeterRegistry())) {
            InetSocketAddress address = gateway.server().localAddress();
            String wrongHost = gateway.template().replace("127.0.0.1", "localhost"); // same gateway, other name
            Throwable failure =
                    open(new ServerConfig(UriTemplate.parse(wrongHost), gateway.caFile(), null, "*", "*"), address);
            assertThat(failure).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("certificate")
                    .hasMessageContaining("localhost");

            Throwable rightHost = open(
                    new ServerConfig(UriTemplate.parse(gateway.template()), gateway.caFile(), null, "*", "*"), address);
            assertThat(rightHost)
                    .as("the same gateway under the name its certificate carries")
                    .isNull();
        }
    }

    @Test
    void bothEndsUseTheirConfiguredGroups() throws Exception {
        TlsGroups pqOnly = new TlsGroups(List.of("X25519MLKEM768"));
        try (LocalGateway pqGateway = LocalGateway.start(
                        LocalGateway.Options.defaults().withTlsGroups(pqOnly), new SimpleMeterRegistry());
                LocalGateway x25519Gateway = LocalGateway.start(
                        LocalGateway.Options.defaults().withTlsGroups(new TlsGroups(List.of("X25519"))),
                        new SimpleMeterRegistry())) {
            assertThat(open(server(pqGateway, pqOnly), pqGateway.server().localAddress()))
                    .as("post-quantum only, both ends")
                    .isNull();
            assertThat(open(
                            server(x25519Gateway, TlsGroups.DEFAULT),
                            x25519Gateway.server().localAddress()))
                    .as("the default agent falls back to X25519")
                    .isNull();
            long start = System.nanoTime();
            Throwable noCommonGroup =
                    open(server(x25519Gateway, pqOnly), x25519Gateway.server().localAddress());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(noCommonGroup).isInstanceOf(ExecutionException.class);
            assertThat(noCommonGroup.getCause())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("TLS alert 40")
                    .hasMessageContaining("no key exchange group in common")
                    .hasMessageContaining("[X25519MLKEM768]");
            // Measured 1.0-1.1 s (the gateway's alert reaches the agent); not the 30 s connect timeout.
            assertThat(millis).as("refused promptly (ms)").isLessThan(5000);
        }
    }

    private static ServerConfig server(LocalGateway gateway, TlsGroups groups) {
        return new ServerConfig(UriTemplate.parse(gateway.template()), gateway.caFile(), null, "*", "*")
                .withTlsGroups(groups);
    }

    /** The failure of opening a tunnel, or null when it opened. */
    private static Throwable open(ServerConfig server, InetSocketAddress address) throws Exception {
        EventLoopGroup group = Transports.group(1, "host-name-test");
        try {
            ConnectIpClient client = new ConnectIpClient(server, QuicTuning.defaults(), group, reason -> {});
            return catchThrowable(() -> client.open(null, address, Map.of(), new TunnelPath.Listener() {
                        @Override
                        public void onAddressAssign(TunnelPath path, List<AssignedAddress> addresses) {}

                        @Override
                        public void onRouteAdvertisement(TunnelPath path, List<IpAddressRange> ranges) {}

                        @Override
                        public void onDatagram(TunnelPath path, long contextId, ByteBuf payload) {
                            payload.release();
                        }

                        @Override
                        public void onClosed(TunnelPath path, Throwable cause) {}
                    })
                    .get(10, TimeUnit.SECONDS)
                    .close());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
