package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.Hex;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IpPacketTest {

    @Test
    void readsAnIpv4Ping() {
        ByteBuf p = Packets.of(Packets.V4_PING);
        assertThat(IpPacket.malformedReason(p)).isNull();
        assertThat(IpPacket.version(p)).isEqualTo(4);
        assertThat(IpPacket.totalLength(p)).isEqualTo(36);
        assertThat(IpPacket.headerLength(p)).isEqualTo(20);
        assertThat(IpPacket.protocol(p)).isEqualTo(IpProtocol.ICMP);
        assertThat(IpPacket.hopLimit(p)).isEqualTo(64);
        assertThat(IpPacket.addressLength(p)).isEqualTo(4);
        assertThat(IpPacket.source(p)).isEqualTo(IpAddresses.parse("100.64.0.2"));
        assertThat(IpPacket.destination(p)).isEqualTo(IpAddresses.parse("198.18.0.1"));
        assertThat(IpPacket.sourceEquals(p, new byte[] {100, 64, 0, 2})).isTrue();
        assertThat(IpPacket.destinationEquals(p, new byte[] {100, 64, 0, 2})).isFalse();
        assertThat(IpPacket.sourceEquals(p, IpAddresses.parse("fd00::2").getAddress()))
                .isFalse();
        assertThat(p.readerIndex()).isZero();
    }

    @Test
    void readsAnIpv6Ping() {
        ByteBuf p = Packets.of(Packets.V6_PING);
        assertThat(IpPacket.malformedReason(p)).isNull();
        assertThat(IpPacket.version(p)).isEqualTo(6);
        assertThat(IpPacket.totalLength(p)).isEqualTo(56);
        assertThat(IpPacket.protocol(p)).isEqualTo(IpProtocol.ICMPV6);
        assertThat(IpPacket.hopLimit(p)).isEqualTo(64);
        assertThat(IpPacket.source(p)).isEqualTo(IpAddresses.parse("fd00::2"));
        byte[] dst = new byte[16];
        IpPacket.copyDestination(p, dst);
        assertThat(IpAddresses.fromBytes(dst)).isEqualTo(IpAddresses.parse("fd00::1"));
        assertThat(IpPacket.destinationEquals(p, dst)).isTrue();
    }

    @Test
    void honoursTheReaderIndex() {
        ByteBuf p = Unpooled.buffer();
        p.writeBytes(new byte[] {9, 9, 9});
        p.writeBytes(Packets.of(Packets.V4_PING));
        p.readerIndex(3);
        assertThat(IpPacket.malformedReason(p)).isNull();
        assertThat(IpPacket.source(p)).isEqualTo(IpAddresses.parse("100.64.0.2"));
    }

    @Test
    void namesWhatIsMalformed() {
        assertThat(IpPacket.malformedReason(Unpooled.EMPTY_BUFFER)).isEqualTo("empty packet");
        assertThat(IpPacket.malformedReason(Hex.buf("50000000"))).contains("neither 4 nor 6");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V4_PING.substring(0, 30))))
                .contains("shorter than");
        assertThat(IpPacket.malformedReason(Hex.buf("44" + Packets.V4_PING.substring(2))))
                .contains("IHL");
        assertThat(IpPacket.malformedReason(Hex.buf("4f" + Packets.V4_PING.substring(2))))
                .contains("header longer");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V4_PING + "00"))).contains("Total Length");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V4_PING.substring(0, 70))))
                .contains("Total Length");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V4_PING.replace("64b6", "64b7"))))
                .contains("checksum");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V6_PING.substring(0, 78))))
                .contains("shorter than");
        assertThat(IpPacket.malformedReason(Hex.buf(Packets.V6_PING + "00"))).contains("Payload Length");
    }

    @Test
    void theSmallestWellFormedPacketsAreHeadersAlone() {
        // RFC 791 §3.1: IHL 5 and Total Length 20, nothing after the header; RFC 8200 §3: Payload Length 0.
        ByteBuf v4 = Hex.buf("4500001400004000403b0000" + "64400002" + "c6120001");
        InternetChecksum.updateIpv4Header(v4);
        assertThat(IpPacket.malformedReason(v4)).isNull();
        ByteBuf v6 = Hex.buf("6000000000003b40" + "00".repeat(32)); // Next Header 59: No Next Header
        assertThat(IpPacket.malformedReason(v6)).isNull();
        assertThat(IpPacket.upperLayerProtocol(v6)).isEqualTo(59);
        assertThat(IpPacket.upperLayerOffset(v6)).isEqualTo(40);
    }

    @Test
    void anExtensionChainEndingWithThePacketIsWholeAndOneEndingBeforeItsFirstByteIsTruncated() {
        // An 8-byte Hop-by-Hop header (Next Header 59) that fills the packet exactly.
        ByteBuf whole = Hex.buf("6000000000080040" + "00".repeat(32) + "3b00010400000000");
        assertThat(IpPacket.upperLayerProtocol(whole)).isEqualTo(59);
        assertThat(IpPacket.upperLayerOffset(whole)).isEqualTo(48);
        // A header announced, and not one byte of it: truncated, and nothing is read past the packet.
        for (int header : new int[] {IpProtocol.HOP_BY_HOP, IpProtocol.AUTHENTICATION, IpProtocol.FRAGMENT}) {
            // Exactly 40 bytes of capacity too: a read past the packet would throw, not find zeros.
            ByteBuf bare = Unpooled.wrappedBuffer(
                    ByteBufUtil.decodeHexDump("600000000000" + String.format("%02x", header) + "40" + "00".repeat(32)));
            assertThat(IpPacket.upperLayerProtocol(bare))
                    .as("next header %d", header)
                    .isEqualTo(-1);
            assertThat(IpPacket.isNonInitialFragment(bare)).isTrue();
        }
    }

    @Test
    void aFirstFragmentWithMoreToComeCarriesTheUpperLayerHeader() {
        // RFC 8200 §4.5: Fragment Offset 0 with the M flag set is the first fragment; its UDP header follows.
        ByteBuf first = Hex.buf("6000000000102c40" + "00".repeat(32) + "1100000112345678" + "9c40000700080000");
        assertThat(IpPacket.isNonInitialFragment(first)).isFalse();
        assertThat(IpPacket.upperLayerProtocol(first)).isEqualTo(IpProtocol.UDP);
        assertThat(IpPacket.upperLayerOffset(first)).isEqualTo(48);
    }

    @Test
    void walksIpv6ExtensionHeadersToTheUpperLayer() {
        ByteBuf p = Packets.of(Packets.V6_HBH_UDP);
        assertThat(IpPacket.malformedReason(p)).isNull();
        assertThat(IpPacket.protocol(p)).isEqualTo(IpProtocol.HOP_BY_HOP);
        assertThat(IpPacket.upperLayerProtocol(p)).isEqualTo(IpProtocol.UDP);
        assertThat(IpPacket.upperLayerOffset(p)).isEqualTo(48);
        assertThat(UdpView.isUdp(p)).isTrue();
        assertThat(UdpView.destinationPort(p)).isEqualTo(7);
        assertThat(InternetChecksum.transportValid(p)).isTrue();
    }

    @Test
    void truncatedExtensionChainHasNoUpperLayer() {
        // Hop-by-Hop header claims 16 bytes but only 8 follow
        ByteBuf p = Hex.buf("6000000000080040" + "00".repeat(32) + "1101010400000000");
        assertThat(IpPacket.malformedReason(p)).isNull();
        assertThat(IpPacket.upperLayerProtocol(p)).isEqualTo(-1);
        assertThat(IpPacket.upperLayerOffset(p)).isEqualTo(-1);
        assertThat(UdpView.isUdp(p)).isFalse();
    }

    @Test
    void recognisesNonInitialFragments() {
        ByteBuf first = Packets.of(Packets.V4_UDP);
        assertThat(IpPacket.isNonInitialFragment(first)).isFalse();
        ByteBuf later = Packets.v4Udp(100);
        later.setShort(6, 0x0010); // fragment offset 16 × 8 bytes
        InternetChecksum.updateIpv4Header(later);
        assertThat(IpPacket.isNonInitialFragment(later)).isTrue();
        assertThat(UdpView.isUdp(later)).isFalse();
        // IPv6: fragment header with offset 1 (× 8), then payload bytes
        ByteBuf v6 = Hex.buf("6000000000102c40" + "00".repeat(32) + "1100000812345678" + "00".repeat(8));
        assertThat(IpPacket.isNonInitialFragment(v6)).isTrue();
        assertThat(IpPacket.upperLayerProtocol(v6)).isEqualTo(IpProtocol.UDP);
    }

    @Test
    void decrementsTtlKeepingTheHeaderChecksumValid() {
        ByteBuf p = Packets.of(Packets.V4_PING);
        assertThat(IpPacket.decrementHopLimit(p)).isTrue();
        assertThat(IpPacket.hopLimit(p)).isEqualTo(63);
        assertThat(InternetChecksum.ipv4HeaderValid(p)).isTrue();
        assertThat(Hex.of(p).substring(16, 24)).isEqualTo("3f0165b6"); // TTL 0x3f, checksum +0x0100
    }

    @Test
    void doesNotDecrementTheLastHop() {
        ByteBuf p = Packets.of(Packets.V6_PING);
        p.setByte(7, 1);
        assertThat(IpPacket.decrementHopLimit(p)).isFalse();
        assertThat(IpPacket.hopLimit(p)).isEqualTo(1);
        ByteBuf zero = Packets.v4Udp(40);
        zero.setByte(8, 0);
        InternetChecksum.updateIpv4Header(zero);
        String before = Hex.of(zero);
        assertThat(IpPacket.decrementHopLimit(zero)).isFalse();
        assertThat(Hex.of(zero)).isEqualTo(before);
    }

    @Property
    void incrementalChecksumEqualsAFullRecompute(
            @ForAll @Size(20) byte[] header, @ForAll @IntRange(min = 2, max = 255) int ttl) {
        ByteBuf p = Unpooled.wrappedBuffer(header);
        p.setByte(0, 0x45);
        p.setShort(2, 20);
        p.setByte(8, ttl);
        InternetChecksum.updateIpv4Header(p);
        IpPacket.decrementHopLimit(p);
        int incremental = p.getUnsignedShort(10);
        InternetChecksum.updateIpv4Header(p);
        assertThat(incremental).isEqualTo(p.getUnsignedShort(10));
        assertThat(IpPacket.hopLimit(p)).isEqualTo(ttl - 1);
    }

    @Test
    void swappingAddressesKeepsEveryChecksumValid() {
        for (String hex : new String[] {Packets.V4_UDP, Packets.V6_UDP, Packets.V4_PING, Packets.V6_PING}) {
            ByteBuf p = Packets.of(hex);
            var source = IpPacket.source(p);
            var destination = IpPacket.destination(p);
            IpPacket.swapAddresses(p);
            assertThat(IpPacket.source(p)).isEqualTo(destination);
            assertThat(IpPacket.destination(p)).isEqualTo(source);
            assertThat(IpPacket.malformedReason(p)).isNull();
            assertThat(InternetChecksum.transportValid(p)).isTrue();
        }
    }
}
