package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.Hex;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ViewsAndBuilderTest {

    private static final InetAddress TUN4 = IpAddresses.parse("100.64.0.2");
    private static final InetAddress ECHO4 = IpAddresses.parse("198.18.0.1");
    private static final InetAddress TUN6 = IpAddresses.parse("fd00::2");
    private static final InetAddress ECHO6 = IpAddresses.parse("fd00::1");
    private static final byte[] ABCDEFGH = "abcdefgh".getBytes(StandardCharsets.US_ASCII);

    @Test
    void builderReproducesIndependentlyComputedPackets() {
        assertThat(Hex.of(IpPacketBuilder.icmpEcho(TUN6, ECHO6, 0x1234, 1, ABCDEFGH, false)))
                .isEqualTo(Packets.V6_PING);
        assertThat(Hex.of(IpPacketBuilder.udp(TUN6, ECHO6, 40000, 7, "hello".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(Packets.V6_UDP);
        // IPv4 differs from the reference only in the Identification field (and so the header checksum)
        ByteBuf ping = IpPacketBuilder.icmpEcho(TUN4, ECHO4, 0x1234, 1, ABCDEFGH, false);
        assertThat(Hex.of(ping).substring(40)).isEqualTo(Packets.V4_PING.substring(40));
        assertThat(IpPacket.malformedReason(ping)).isNull();
    }

    @Test
    void udpViewReadsPortsAndPayload() {
        ByteBuf p = Packets.of(Packets.V4_UDP);
        assertThat(UdpView.isUdp(p)).isTrue();
        assertThat(UdpView.sourcePort(p)).isEqualTo(40000);
        assertThat(UdpView.destinationPort(p)).isEqualTo(7);
        assertThat(UdpView.payload(p).toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(UdpView.isUdp(Packets.of(Packets.V4_PING))).isFalse();
    }

    @Test
    void udpLengthMustMatchTheIpPayload() {
        ByteBuf p = Packets.of(Packets.V6_UDP);
        p.setShort(44, 12); // UDP Length one short
        assertThat(UdpView.isUdp(p)).isFalse();
    }

    @Test
    void icmpViewReadsEchoFields() {
        for (String hex : new String[] {Packets.V4_PING, Packets.V6_PING}) {
            ByteBuf p = Packets.of(hex);
            assertThat(IcmpView.isIcmp(p)).isTrue();
            assertThat(IcmpView.isEchoRequest(p)).isTrue();
            assertThat(IcmpView.isEchoReply(p)).isFalse();
            assertThat(IcmpView.identifier(p)).isEqualTo(0x1234);
            assertThat(IcmpView.sequence(p)).isEqualTo(1);
            assertThat(IcmpView.body(p).toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
        }
        assertThat(IcmpView.isIcmp(Packets.of(Packets.V6_UDP))).isFalse();
    }

    @Test
    void echoHostAnswersAPingFromTheViews() {
        ByteBuf request = Packets.of(Packets.V6_PING);
        byte[] data = new byte[IcmpView.body(request).readableBytes()];
        IcmpView.body(request).getBytes(0, data);
        ByteBuf reply = IpPacketBuilder.icmpEcho(
                IpPacket.destination(request),
                IpPacket.source(request),
                IcmpView.identifier(request),
                IcmpView.sequence(request),
                data,
                true);
        assertThat(IcmpView.isEchoReply(reply)).isTrue();
        assertThat(IcmpView.type(reply)).isEqualTo(IcmpView.V6_ECHO_REPLY);
        assertThat(InternetChecksum.transportValid(reply)).isTrue();
        assertThat(IpPacket.destination(reply)).isEqualTo(TUN6);
    }

    @Test
    void builderRejectsBadInput() {
        assertThatThrownBy(() -> IpPacketBuilder.udp(TUN4, ECHO6, 1, 2, new byte[0]))
                .hasMessageContaining("same IP version");
        assertThatThrownBy(() -> IpPacketBuilder.udp(TUN4, ECHO4, 65536, 2, new byte[0]))
                .hasMessageContaining("source port");
        assertThatThrownBy(() -> IpPacketBuilder.udp(TUN4, ECHO4, 1, 2, new byte[65_536]))
                .hasMessageContaining("too large");
    }
}
