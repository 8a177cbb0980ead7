package io.quicroam.agent;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.LocalGateway;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.masque.UriTemplate;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.pathmanager.iface.InterfaceClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A gateway that requires client certificates (mTLS): the agent with its certificate gets a tunnel, without it none. */
class MutualTlsTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnAgentWithTheRightCertificateGetsATunnel() throws Exception {
        SelfSignedCertificate client = SelfSignedCertificate.create(dir, "laptop", "laptop-1");
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults().withClientCa(client.certFile()),
                new SimpleMeterRegistry())) {
            UriTemplate template = UriTemplate.parse(gateway.template());
            ServerConfig withCertificate = new ServerConfig(template, gateway.caFile(), null, "*", "*",
                    client.certFile(), client.keyFile());
            try (Agent agent = agent(gateway, withCertificate)) {
                assertThat(agent.start().get(10, TimeUnit.SECONDS).addresses()).isNotEmpty();
            }
            ServerConfig without = new ServerConfig(template, gateway.caFile(), null, "*", "*");
            try (Agent agent = agent(gateway, without)) {
                assertThatThrownBy(() -> agent.start().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
            assertThat(gateway.gateway().sessionCount()).as("only the certified agent's session").isLessThanOrEqualTo(1);
        }
    }

    private static Agent agent(LocalGateway gateway, ServerConfig server) throws Exception {
        LoopbackInterfaces interfaces = new LoopbackInterfaces(gateway.server().localAddress());
        interfaces.add("eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress());
        return Agent.builder(new AgentConfig(server, new TunnelConfig("mem0", 1280)))
                .packetIo(new InMemoryPacketIo("mem0", 1280, 16)).interfaces(interfaces).endpoints(interfaces).build();
    }
}
