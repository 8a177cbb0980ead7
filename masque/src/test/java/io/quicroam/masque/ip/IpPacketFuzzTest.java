package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;

/**
 * Fuzz target (issue #14) for the IP header views and the ICMP error builders, on any bytes a peer or the TUN
 * device could hand us. A packet {@link IpPacket#malformedReason} passes may be read through every view without an
 * exception; an ICMP error is built only about a packet that may be answered, fits RFC 1812 §4.3.2.3's 576 bytes
 * (IPv4) or RFC 4443 §2.4(c)'s 1280 (IPv6), is itself well-formed with a valid checksum, and is never sent about an
 * ICMP error (RFC 1812 §4.3.2.7, RFC 4443 §2.4(e.1)) — so two proxies can never answer each other's errors. Most
 * inputs have their length field and IPv4 header checksum set right first, or the fuzzer would rarely get past them.
 */
class IpPacketFuzzTest {
    private static final InetAddress V4_PROXY = IpAddresses.parse("100.64.0.1");
    private static final InetAddress V6_PROXY = IpAddresses.parse("fd00::1");

    @FuzzTest
    void viewsReadWellFormedPacketsAndIcmpErrorsKeepTheRules(FuzzedDataProvider data) {
        boolean fixUp = data.consumeBoolean();
        int mtu = data.consumeInt(0, 70_000);
        ByteBuf packet = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        if (fixUp) {
            fixUp(packet);
        }
        String malformed = IpPacket.malformedReason(packet);
        if (malformed == null) {
            readEveryView(packet);
        }
        IcmpReplies replies = new IcmpReplies(
                UnpooledByteBufAllocator.DEFAULT,
                new IcmpRateLimiter(() -> 0, 1e9, Integer.MAX_VALUE, 1e9, 16),
                p -> IpPacket.version(p) == 4 ? V4_PROXY : V6_PROXY,
                new IcmpReplies.Meter() {
                    @Override
                    public void sent(IcmpReplies.Kind kind) {}

                    @Override
                    public void rateLimited(IcmpReplies.Kind kind) {}
                });
        checkError(packet, replies.tooBig(packet.duplicate(), mtu), IcmpErrors.mayReportTooBig(packet));
        checkError(packet, replies.timeExceeded(packet.duplicate()), IcmpErrors.mayReport(packet));
        checkError(packet, replies.prohibited(packet.duplicate()), IcmpErrors.mayReport(packet));
        if (!IcmpErrors.mayReport(packet) && IpPacket.version(packet) == 4) {
            assertThatThrownBy(() -> IcmpErrors.timeExceeded(UnpooledByteBufAllocator.DEFAULT, packet, V4_PROXY))
                    .as("a packet that may not be answered is refused, with a reason")
                    .isInstanceOf(IllegalArgumentException.class);
        }
        if (malformed == null && IpPacket.decrementHopLimit(packet)) {
            assertThat(IpPacket.malformedReason(packet))
                    .as("RFC 1624 incremental checksum update")
                    .isNull();
        }
    }

    /** Sets the length field to the packet's size and, for IPv4, a valid header checksum. */
    private static void fixUp(ByteBuf p) {
        int version = IpPacket.version(p);
        int length = p.readableBytes();
        if (version == 4 && length >= IpPacket.IPV4_MIN_HEADER && length <= 0xFFFF) {
            p.setShort(2, length);
            int headerLength = (p.getUnsignedByte(0) & 0x0F) * 4;
            if (headerLength >= IpPacket.IPV4_MIN_HEADER && headerLength <= length) {
                InternetChecksum.updateIpv4Header(p);
            }
        } else if (version == 6 && length >= IpPacket.IPV6_HEADER && length - IpPacket.IPV6_HEADER <= 0xFFFF) {
            p.setShort(4, length - IpPacket.IPV6_HEADER);
        }
    }

    private static void readEveryView(ByteBuf p) {
        assertThat(IpPacket.totalLength(p)).isEqualTo(p.readableBytes());
        IpPacket.protocol(p);
        IpPacket.hopLimit(p);
        assertThat(IpPacket.headerLength(p)).isBetween(IpPacket.IPV4_MIN_HEADER, p.readableBytes());
        assertThat(IpPacket.source(p).getAddress()).hasSize(IpPacket.addressLength(p));
        assertThat(IpPacket.destination(p).getAddress()).hasSize(IpPacket.addressLength(p));
        int upper = IpPacket.upperLayerProtocol(p);
        int offset = IpPacket.upperLayerOffset(p);
        assertThat(upper < 0).isEqualTo(offset < 0);
        assertThat(offset).isLessThanOrEqualTo(p.readableBytes());
        IpPacket.isNonInitialFragment(p);
        IpPacket.dontFragment(p);
        IcmpErrors.isIcmpError(p);
        if (IcmpView.isIcmp(p)) {
            IcmpView.type(p);
            IcmpView.code(p);
            if (IcmpView.isEchoRequest(p) || IcmpView.isEchoReply(p)) {
                IcmpView.identifier(p);
                IcmpView.sequence(p);
                assertThat(IcmpView.body(p).readableBytes()).isNotNegative();
            }
        }
        if (UdpView.isUdp(p)) {
            UdpView.sourcePort(p);
            UdpView.destinationPort(p);
            assertThat(UdpView.payload(p).readableBytes()).isNotNegative();
        }
    }

    private static void checkError(ByteBuf original, ByteBuf error, boolean mayAnswer) {
        if (error == null) {
            return;
        }
        assertThat(mayAnswer)
                .as("an error only about a packet that may be answered")
                .isTrue();
        assertThat(IcmpErrors.isIcmpError(original))
                .as("never an error about an ICMP error")
                .isFalse();
        int limit = IpPacket.version(error) == 4 ? IcmpErrors.IPV4_MAX_ERROR_LENGTH : IcmpErrors.IPV6_MAX_ERROR_LENGTH;
        assertThat(error.readableBytes())
                .as("RFC 1812 §4.3.2.3 / RFC 4443 §2.4(c)")
                .isLessThanOrEqualTo(limit);
        assertThat(IpPacket.malformedReason(error)).isNull();
        assertThat(IpPacket.version(error)).isEqualTo(IpPacket.version(original));
        assertThat(IcmpErrors.isIcmpError(error)).isTrue();
        assertThat(IcmpErrors.mayReport(error)).as("an error is never answered").isFalse();
        assertThat(IcmpErrors.mayReportTooBig(error)).isFalse();
        assertThat(InternetChecksum.transportValid(error)).as("ICMP checksum").isTrue();
        error.release();
    }
}
