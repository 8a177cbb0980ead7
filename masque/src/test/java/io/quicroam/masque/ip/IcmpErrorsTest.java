package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.Hex;
import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class IcmpErrorsTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final Inet4Address GATEWAY_V4 = (Inet4Address) IpAddresses.parse("100.64.0.1");
    private static final Inet6Address GATEWAY_V6 = (Inet6Address) IpAddresses.parse("fd00::1");

    @Test
    void fragmentationNeededForALargeIpv4Packet() {
        ByteBuf original = Packets.v4Udp(1400);
        ByteBuf error = IcmpErrors.fragmentationNeeded(ALLOC, original, 1280, GATEWAY_V4);

        assertThat(error.readableBytes()).isEqualTo(576); // RFC 1812 §4.3.2.3 bound, filled
        assertThat(IpPacket.malformedReason(error)).isNull();
        assertThat(InternetChecksum.transportValid(error)).isTrue();
        assertThat(IcmpView.isIcmp(error)).isTrue();
        assertThat(IcmpView.type(error)).isEqualTo(3);
        assertThat(IcmpView.code(error)).isEqualTo(4);
        assertThat(error.getUnsignedShort(20 + 6)).isEqualTo(1280); // Next-Hop MTU (RFC 1191 §4)
        assertThat(IpPacket.source(error)).isEqualTo(GATEWAY_V4);
        assertThat(IpPacket.destination(error)).isEqualTo(IpPacket.source(original));
        assertQuotesPrefixOf(IcmpView.body(error), original);
        assertThat(IcmpErrors.mayReportTooBig(error))
                .as("nobody answers an ICMP error")
                .isFalse();
        error.release();
    }

    @Test
    void smallOriginalIsQuotedWhole() {
        ByteBuf original = Packets.of(Packets.V4_UDP);
        ByteBuf error = IcmpErrors.tooBig(ALLOC, original, 68, GATEWAY_V4);
        assertThat(error.readableBytes()).isEqualTo(20 + 8 + original.readableBytes());
        assertThat(ByteBufUtil.equals(IcmpView.body(error), original)).isTrue();
        error.release();
    }

    @Test
    void packetTooBigForALargeIpv6Packet() {
        ByteBuf original = Packets.v6Udp(1500);
        ByteBuf error = IcmpErrors.packetTooBig(ALLOC, original, 1400, GATEWAY_V6);

        assertThat(error.readableBytes()).isEqualTo(1280); // RFC 4443 §2.4(c), filled
        assertThat(IpPacket.malformedReason(error)).isNull();
        assertThat(InternetChecksum.transportValid(error)).isTrue();
        assertThat(IcmpView.type(error)).isEqualTo(2);
        assertThat(IcmpView.code(error)).isZero();
        assertThat(error.getUnsignedInt(40 + 4)).isEqualTo(1400);
        assertThat(IpPacket.source(error)).isEqualTo(GATEWAY_V6);
        assertThat(IpPacket.destination(error)).isEqualTo(IpPacket.source(original));
        assertQuotesPrefixOf(IcmpView.body(error), original);
        assertThat(IcmpErrors.mayReportTooBig(error)).isFalse();
        error.release();
    }

    @Test
    void tooBigPicksTheOriginalsVersion() {
        ByteBuf v6 = IcmpErrors.tooBig(ALLOC, Packets.of(Packets.V6_UDP), 1280, GATEWAY_V6);
        assertThat(IcmpView.type(v6)).isEqualTo(2);
        assertThatThrownBy(() -> IcmpErrors.tooBig(ALLOC, Packets.of(Packets.V6_UDP), 1280, GATEWAY_V4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IP version");
        v6.release();
    }

    @Test
    void mtuBelowTheVersionsMinimumIsRefused() {
        assertThatThrownBy(() -> IcmpErrors.fragmentationNeeded(ALLOC, Packets.v4Udp(100), 67, GATEWAY_V4))
                .hasMessageContaining("68");
        assertThatThrownBy(() -> IcmpErrors.packetTooBig(ALLOC, Packets.v6Udp(1400), 1279, GATEWAY_V6))
                .hasMessageContaining("1280");
    }

    @Test
    void noErrorAboutPacketsTheRfcsExclude() {
        assertThat(IcmpErrors.mayReportTooBig(Packets.v4Udp(1400))).isTrue();
        assertThat(IcmpErrors.mayReportTooBig(Packets.of(Packets.V6_PING))).isTrue(); // echo is not an error

        ByteBuf multicastSource = Packets.v4Udp(100);
        multicastSource.setByte(12, 224);
        InternetChecksum.updateIpv4Header(multicastSource);
        assertThat(IcmpErrors.mayReportTooBig(multicastSource)).isFalse();

        ByteBuf broadcastDestination = Packets.v4Udp(100);
        broadcastDestination.setInt(16, 0xFFFF_FFFF);
        InternetChecksum.updateIpv4Header(broadcastDestination);
        assertThat(IcmpErrors.mayReportTooBig(broadcastDestination)).isFalse();

        ByteBuf unspecifiedV6 = Packets.v6Udp(100);
        unspecifiedV6.setZero(8, 16);
        assertThat(IcmpErrors.mayReportTooBig(unspecifiedV6)).isFalse();

        ByteBuf icmpv6Error = IcmpErrors.packetTooBig(ALLOC, Packets.v6Udp(1400), 1280, GATEWAY_V6);
        assertThatThrownBy(() -> IcmpErrors.packetTooBig(ALLOC, icmpv6Error, 1280, GATEWAY_V6))
                .hasMessageContaining("RFC 4443");
        assertThat(IcmpErrors.mayReportTooBig(Hex.buf("45"))).isFalse();
        icmpv6Error.release();
    }

    @Test
    void malformedOriginalIsRefusedWithItsReason() {
        assertThatThrownBy(() -> IcmpErrors.fragmentationNeeded(ALLOC, Hex.buf("4500"), 1280, GATEWAY_V4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than");
    }

    @Test
    void timeExceededQuotesTheExpiredPacket() {
        ByteBuf v4 = Packets.v4Udp(100);
        ByteBuf error = IcmpErrors.timeExceeded(ALLOC, v4, GATEWAY_V4);
        assertThat(IpPacket.malformedReason(error)).isNull();
        assertThat(InternetChecksum.transportValid(error)).isTrue();
        assertThat(IcmpView.type(error)).isEqualTo(11); // RFC 792 Time Exceeded
        assertThat(IcmpView.code(error)).isZero(); // in transit
        assertThat(IpPacket.destination(error)).isEqualTo(IpPacket.source(v4));
        assertThat(ByteBufUtil.equals(IcmpView.body(error), v4)).isTrue();
        error.release();

        ByteBuf v6 = IcmpErrors.timeExceeded(ALLOC, Packets.v6Udp(200), GATEWAY_V6);
        assertThat(InternetChecksum.transportValid(v6)).isTrue();
        assertThat(IcmpView.type(v6)).isEqualTo(3); // RFC 4443 §3.3
        assertThat(IcmpView.code(v6)).isZero();
        v6.release();
    }

    @Test
    void prohibitedIsDestinationUnreachableAdministrativelyProhibited() {
        ByteBuf v4 = IcmpErrors.prohibited(ALLOC, Packets.v4Udp(1400), GATEWAY_V4);
        assertThat(v4.readableBytes()).isEqualTo(576);
        assertThat(InternetChecksum.transportValid(v4)).isTrue();
        assertThat(IcmpView.type(v4)).isEqualTo(3);
        assertThat(IcmpView.code(v4)).isEqualTo(13); // RFC 1812 §5.2.7.1
        v4.release();

        ByteBuf v6 = IcmpErrors.prohibited(ALLOC, Packets.v6Udp(1500), GATEWAY_V6);
        assertThat(v6.readableBytes()).isEqualTo(1280);
        assertThat(InternetChecksum.transportValid(v6)).isTrue();
        assertThat(IcmpView.type(v6)).isEqualTo(1); // RFC 4443 §3.1
        assertThat(IcmpView.code(v6)).isEqualTo(1);
        v6.release();
    }

    @Test
    void onlyTooBigMayAnswerAnIpv6MulticastDestination() {
        ByteBuf multicast = Packets.v6Udp(1400);
        multicast.setByte(24, 0xFF); // ff00::/8 destination
        InternetChecksum.updateTransport(multicast);
        assertThat(IcmpErrors.mayReportTooBig(multicast))
                .as("RFC 4443 §2.4(e.2) exception")
                .isTrue();
        assertThat(IcmpErrors.mayReport(multicast)).isFalse();
        assertThatThrownBy(() -> IcmpErrors.timeExceeded(ALLOC, multicast, GATEWAY_V6))
                .hasMessageContaining("RFC 4443");
        assertThat(IcmpErrors.mayReport(Packets.v6Udp(100))).isTrue();
    }

    private static void assertQuotesPrefixOf(ByteBuf quoted, ByteBuf original) {
        assertThat(quoted.readableBytes()).isLessThan(original.readableBytes());
        assertThat(ByteBufUtil.equals(quoted, original.slice(original.readerIndex(), quoted.readableBytes())))
                .isTrue();
    }
}
