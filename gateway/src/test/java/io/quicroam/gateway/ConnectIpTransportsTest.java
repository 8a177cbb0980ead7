package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CONNECT-IP scenarios a client sees, run once over QUIC and HTTP/3 and once over TCP, TLS and HTTP/2 (RFC 9484 §4
 * with RFC 8441's extended CONNECT): the same gateway answers both, on the same port number, with the same sessions.
 */
class ConnectIpTransportsTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final List<IpPrefix> EVERYWHERE = List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0"));

    private GatewayOnLoopback gateway;
    private TunnelTestClient client;
    private TunnelTestClient other;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {client, other, gateway}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void pingsOverIpv4AndIpv6AreAnsweredThroughTheEchoEgress(TestTransport transport) throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, false);
        client = transport.connect(gateway);
        TestTunnel tunnel = client.connectIp(gateway.authority, "/ip/*/*/");
        assertThat(tunnel.status()).isEqualTo("200");
        assertThat(tunnel.header("capsule-protocol")).isEqualTo("?1"); // RFC 9484 §4.5, RFC 9297 §3.4
        AddressAssign assigned = tunnel.next(AddressAssign.class);
        assertThat(assigned.addresses()).hasSize(2);
        assertThat(tunnel.next(RouteAdvertisement.class)).isNotNull();

        for (AssignedAddress address : assigned.addresses()) {
            InetAddress self = address.prefix().address();
            InetAddress far = InetAddress.getByName(address.prefix().isIpv6() ? "2001:db8::1" : "198.51.100.1");
            for (int seq = 1; seq <= 3; seq++) {
                tunnel.datagram(
                        HttpDatagram.IP_PACKET_CONTEXT_ID,
                        IpPacketBuilder.icmpEcho(self, far, 7, seq, new byte[56], false));
                ByteBuf answer = tunnel.nextDatagram();
                assertThat(answer).as("echo reply %d to %s", seq, self).isNotNull();
                try {
                    assertThat(VarInt.read(answer)).isEqualTo(HttpDatagram.IP_PACKET_CONTEXT_ID);
                    assertThat(IcmpView.isEchoReply(answer)).isTrue();
                    assertThat(IpPacket.destination(answer)).isEqualTo(self);
                    assertThat(IpPacket.source(answer)).isEqualTo(far);
                } finally {
                    answer.release();
                }
            }
        }
        assertThat(gateway.metrics().downlinkPackets.count()).isEqualTo(6);
    }

    /** RFC 9484 §4.7.2 on one transport; the session's other path, on the other transport, learns the change. */
    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void addressRequestIsAnsweredAndThePathOnTheOtherTransportLearnsIt(TestTransport transport) throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, true);
        client = transport.connect(gateway);
        other = transport.other().connect(gateway);
        IpPrefix wanted = IpPrefix.parse("100.64.0.77/32");
        TestTunnel pathOne =
                client.connectIp(gateway.authority, "/ip/*/*/", Map.entry(QuicroamExtension.SESSION_OFFER, "?1"));
        assertThat(pathOne.status()).isEqualTo("200");
        String token = pathOne.header(QuicroamExtension.SESSION_TOKEN);
        assertThat(token).isNotNull();
        TestTunnel pathTwo = other.connectIp(gateway.authority, "/ip/*/*/", Map.entry(QuicroamExtension.JOIN, token));
        assertThat(pathTwo.status()).as("one session, a path on each transport").isEqualTo("200");
        assertThat(pathOne.next(AddressAssign.class).addresses())
                .isEqualTo(pathTwo.next(AddressAssign.class).addresses());

        pathOne.send(new AddressRequest(
                List.of(new RequestedAddress(1, wanted), new RequestedAddress(2, IpPrefix.parse("0.0.0.0/32")))));

        assertThat(pathOne.next(AddressAssign.class).addresses())
                .as("both requests answered, each with its own Request ID")
                .contains(new AssignedAddress(1, wanted), new AssignedAddress(2, wanted));
        AddressAssign announced = pathTwo.next(AddressAssign.class);
        assertThat(announced).as("the other path of the session is told").isNotNull();
        assertThat(announced.addresses())
                .contains(new AssignedAddress(0, wanted))
                .allMatch(address -> address.requestId() == 0);
    }

    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void aRequestWithoutAValidBearerTokenIsRefusedWith401AndTheSchemeNamed(TestTransport transport) throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, true, TOKEN);
        client = transport.connect(gateway);
        TestTunnel anonymous = client.connectIp(gateway.authority, "/ip/*/*/");
        assertThat(anonymous.status()).isEqualTo("401");
        assertThat(anonymous.header("www-authenticate")).isEqualTo("Bearer"); // RFC 6750 §3
        TestTunnel wrong = client.connectIp(
                gateway.authority, "/ip/*/*/", Map.entry("authorization", "Bearer " + TOKEN.replace('0', '1')));
        assertThat(wrong.status()).isEqualTo("401");

        TestTunnel right =
                client.connectIp(gateway.authority, "/ip/*/*/", Map.entry("authorization", "Bearer " + TOKEN));
        assertThat(right.status()).as("the connection survives refusals").isEqualTo("200");
    }

    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void aJoinWithAnUnknownSessionTokenIsRefusedWith403(TestTransport transport) throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, true);
        client = transport.connect(gateway);
        TestTunnel join = client.connectIp(gateway.authority, "/ip/*/*/", Map.entry(QuicroamExtension.JOIN, "nope"));
        assertThat(join.status()).isEqualTo("403");
        assertThat(client.connectIp(gateway.authority, "/ip/*/*/").status()).isEqualTo("200");
    }

    /** RFC 8441 §3: a client must not send :protocol unless the server's SETTINGS enabled it. */
    @Test
    void theHttp2ListenerEnablesExtendedConnectOnTheQuicPortNumber() throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, false);
        H2TestClient http2 = new H2TestClient(gateway);
        client = http2;
        assertThat(gateway.tcpAddress().getPort()).isEqualTo(gateway.address().getPort());
        assertThat(http2.serverSettings.get().connectProtocolEnabled()).isTrue();
    }

    /** RFC 9297 §3.2: a capsule of unknown type is skipped, and what follows it on the stream is read. */
    @ParameterizedTest
    @EnumSource(TestTransport.class)
    void anUnknownCapsuleIsSkippedAndCounted(TestTransport transport) throws Exception {
        gateway = GatewayOnLoopback.start(EVERYWHERE, false);
        client = transport.connect(gateway);
        TestTunnel tunnel = client.connectIp(gateway.authority, "/ip/*/*/");
        assertThat(tunnel.status()).isEqualTo("200");
        assertThat(tunnel.next(AddressAssign.class)).isNotNull();
        ByteBuf unknown = Unpooled.buffer();
        VarInt.write(unknown, 0x2e7a5L); // no capsule type anyone registered
        VarInt.write(unknown, 3);
        unknown.writeBytes(new byte[] {1, 2, 3});
        tunnel.sendRaw(unknown);
        tunnel.send(new AddressRequest(List.of(new RequestedAddress(9, IpPrefix.parse("::/128")))));

        AddressAssign answer = tunnel.next(AddressAssign.class);
        assertThat(answer).as("the capsule after the unknown one is read").isNotNull();
        assertThat(answer.addresses()).anyMatch(address -> address.requestId() == 9);
        assertThat(gateway.metrics().skippedCapsules.count()).isEqualTo(1);
    }
}
