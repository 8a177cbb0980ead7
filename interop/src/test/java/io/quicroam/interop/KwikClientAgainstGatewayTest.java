package io.quicroam.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.interop.kwik.KwikConnectIpClient;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LocalGateway;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.kwik.flupke.HttpError;

/**
 * A CONNECT-IP client on another QUIC stack (Kwik + Flupke) against quicroam's gateway: the request is accepted, the
 * gateway's capsules assign an address from its pools and advertise its routes, and echo packets round-trip over
 * IPv4 and IPv6 as HTTP Datagrams. A wrong credential gets the 401 it should, and no session.
 */
class KwikClientAgainstGatewayTest {
    private static final String TOKEN = "kwik-0123456789abcdef0123456789ab";
    private static final IpPrefix POOL_V4 = IpPrefix.parse("100.64.0.0/16");
    private static final IpPrefix POOL_V6 = IpPrefix.parse("fd7a:5152:4f41::/64");
    private static LocalGateway gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = LocalGateway.start(
                LocalGateway.Options.defaults()
                        .withTokens(List.of("kwik " + TOKEN))
                        .withPools(POOL_V4, POOL_V6),
                new SimpleMeterRegistry());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void theGatewayAcceptsAssignsAndEchoesForAnIndependentClient() throws Exception {
        UriTemplate template = UriTemplate.parse(gateway.template());
        try (KwikConnectIpClient client = KwikConnectIpClient.connect(template, gateway.caFile())) {
            client.open(template, "Bearer " + TOKEN);

            List<InetAddress> assigned = client.assignment().addresses().stream()
                    .map(AssignedAddress::prefix)
                    .map(IpPrefix::address)
                    .toList();
            InetAddress v4 = assigned.stream()
                    .filter(a -> a.getAddress().length == 4)
                    .findFirst()
                    .orElseThrow();
            InetAddress v6 = assigned.stream()
                    .filter(a -> a.getAddress().length == 16)
                    .findFirst()
                    .orElseThrow();
            assertThat(POOL_V4.contains(v4))
                    .as("IPv4 %s from the gateway's pool", v4)
                    .isTrue();
            assertThat(POOL_V6.contains(v6))
                    .as("IPv6 %s from the gateway's pool", v6)
                    .isTrue();
            assertThat(client.routes().ranges())
                    .as("the gateway's routes: all of IPv4 and IPv6")
                    .hasSize(2);
            Await.until("the gateway counts one session", Duration.ofSeconds(5), () -> gateway.sessions() == 1);

            int sequence = 0;
            for (InetAddress[] pair :
                    new InetAddress[][] {{v4, IpAddresses.parse("198.51.100.7")}, {v6, IpAddresses.parse("2001:db8::7")}
                    }) {
                client.send(IpPacketBuilder.icmpEcho(pair[0], pair[1], 0x4b57, ++sequence, new byte[56], false));
                ByteBuf reply = client.poll(Duration.ofSeconds(3));
                assertThat(reply).as("echo reply from %s", pair[1]).isNotNull();
                assertThat(IcmpView.isEchoReply(reply)).isTrue();
                assertThat(IcmpView.sequence(reply)).isEqualTo(sequence);
                assertThat(IpPacket.source(reply)).isEqualTo(pair[1]);
                assertThat(IpPacket.destination(reply)).isEqualTo(pair[0]);
                reply.release();
            }
        }
    }

    @Test
    void aWrongCredentialIsRefusedWith401() throws Exception {
        UriTemplate template = UriTemplate.parse(gateway.template());
        int before = gateway.sessions();
        try (KwikConnectIpClient client = KwikConnectIpClient.connect(template, gateway.caFile())) {
            assertThatThrownBy(() -> client.open(template, "Bearer mallory-not-a-valid-token-00000"))
                    .isInstanceOf(HttpError.class)
                    .satisfies(e -> assertThat(((HttpError) e).getStatusCode()).isEqualTo(401));
        }
        // No session added; the other test's session may end its grace time meanwhile, so not "equal".
        assertThat(gateway.sessions()).isLessThanOrEqualTo(before);
    }
}
