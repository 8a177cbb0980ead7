package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9484 §4.6: a request's {@code target} and {@code ipproto} limit what it is routed and what it may send. Real
 * QUIC and HTTP/3 between a netty client and the gateway on loopback; the Internet behind it is the echo host.
 */
class GatewayScopeTest {
    private static final InetAddress IN_SCOPE = IpAddresses.parse("192.0.2.5");
    private static final InetAddress OUT_OF_SCOPE = IpAddresses.parse("198.51.100.7");
    private static final int UDP = 17;
    private static final int TCP = 6;

    private GatewayOnLoopback gateway;
    private H3TestClient client;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayOnLoopback.start(List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")), false);
        client = new H3TestClient(gateway);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
    }

    @Test
    void aScopedRequestIsAdvertisedOnlyItsTargetAndProtocol() throws Exception {
        TestRequestStream scoped = client.connectIp("/ip/192.0.2.0%2F24/17/");
        assertThat(scoped.status()).isEqualTo("200");
        RouteAdvertisement routes = scoped.next(RouteAdvertisement.class);
        assertThat(routes.ranges())
                .containsExactly(
                        new IpAddressRange(IpAddresses.parse("192.0.2.0"), IpAddresses.parse("192.0.2.255"), UDP));
    }

    @Test
    void anUnscopedRequestIsAdvertisedEverythingTheGatewayRoutes() throws Exception {
        TestRequestStream any = client.connectIp("/ip/*/*/");
        RouteAdvertisement routes = any.next(RouteAdvertisement.class);
        assertThat(routes.ranges()).hasSize(2).allMatch(range -> range.ipProtocol() == 0);
    }

    @Test
    void packetsOutsideTheScopeAreAnsweredWithProhibitedAndCounted() throws Exception {
        TestRequestStream scoped = client.connectIp("/ip/192.0.2.0%2F24/17/");
        InetAddress self =
                scoped.next(AddressAssign.class).addresses().get(0).prefix().address();

        send(scoped, IpPacketBuilder.udp(self, IN_SCOPE, 4000, 7, new byte[] {1, 2, 3}));
        ByteBuf echoed = packetOf(client.nextDatagram());
        assertThat(IpPacket.upperLayerProtocol(echoed))
                .as("inside the scope: through, and echoed")
                .isEqualTo(UDP);
        assertThat(IpPacket.source(echoed)).isEqualTo(IN_SCOPE);
        echoed.release();

        send(scoped, IpPacketBuilder.udp(self, OUT_OF_SCOPE, 4000, 7, new byte[] {1, 2, 3}));
        assertProhibited(packetOf(client.nextDatagram()), self);

        ByteBuf tcp = IpPacketBuilder.udp(self, IN_SCOPE, 4000, 80, new byte[] {1, 2, 3});
        tcp.setByte(9, TCP); // the protocol the request did not ask for
        InternetChecksum.updateIpv4Header(tcp);
        send(scoped, tcp);
        assertProhibited(packetOf(client.nextDatagram()), self);

        assertThat(gateway.metrics().drops(DropReason.OUTSIDE_SCOPE)).isEqualTo(2);
        assertThat(gateway.metrics().uplinkPackets.count())
                .as("only the packet inside the scope")
                .isEqualTo(1);
    }

    private void send(TestRequestStream stream, ByteBuf packet) {
        client.datagram(stream.quarterStreamId(), HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
    }

    /** The IP packet of a received HTTP Datagram on context 0. */
    private static ByteBuf packetOf(ByteBuf datagram) {
        assertThat(datagram).as("a datagram came back").isNotNull();
        HttpDatagram.readQuarterStreamId(datagram);
        assertThat(HttpDatagram.readContextId(datagram)).isEqualTo(HttpDatagram.IP_PACKET_CONTEXT_ID);
        return datagram;
    }

    /** ICMP Destination Unreachable, communication administratively prohibited (RFC 1812 §5.2.7.1), to us. */
    private static void assertProhibited(ByteBuf packet, InetAddress self) {
        assertThat(IcmpView.isIcmp(packet)).isTrue();
        assertThat(IcmpView.type(packet)).isEqualTo(3);
        assertThat(IcmpView.code(packet)).isEqualTo(13);
        assertThat(IpPacket.destination(packet)).isEqualTo(self);
        packet.release();
    }
}
