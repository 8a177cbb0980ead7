package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.Hex;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    @Test
    void knownIpv4HeaderChecksum() {
        // the widely published example header 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
        ByteBuf header = Hex.buf("450000730000400040110000c0a80001c0a800c7");
        assertThat(InternetChecksum.compute(header, 0, 20)).isEqualTo(0xb861);
        header.setShort(10, 0xb861);
        assertThat(InternetChecksum.compute(header, 0, 20)).isZero();
    }

    @Test
    void rfc1071ExampleAndOddLengthPadding() {
        // RFC 1071 §3 numerical example: 0001 f203 f4f5 f6f7 sums to ddf2
        ByteBuf data = Hex.buf("0001f203f4f5f6f701");
        assertThat(InternetChecksum.fold(InternetChecksum.add(0, data, 0, 8))).isEqualTo(0xddf2);
        // an odd last byte counts as its high half: + 0x0100
        assertThat(InternetChecksum.fold(InternetChecksum.add(0, data, 0, 9))).isEqualTo(0xdef2);
    }

    @Test
    void referencePacketsVerify() {
        for (String hex : new String[] {Packets.V4_PING, Packets.V6_PING, Packets.V4_UDP, Packets.V6_UDP}) {
            ByteBuf p = Packets.of(hex);
            assertThat(InternetChecksum.transportValid(p)).as(hex).isTrue();
        }
    }

    @Test
    void recomputingReproducesTheIndependentChecksums() {
        for (String hex : new String[] {Packets.V4_PING, Packets.V6_PING, Packets.V4_UDP, Packets.V6_UDP}) {
            ByteBuf p = Packets.of(hex);
            InternetChecksum.updateTransport(p);
            if (IpPacket.version(p) == 4) {
                InternetChecksum.updateIpv4Header(p);
            }
            assertThat(Hex.of(p)).isEqualTo(hex);
        }
    }

    @Test
    void detectsACorruptedPayload() {
        ByteBuf p = Packets.of(Packets.V6_PING);
        p.setByte(p.writerIndex() - 1, 'x');
        assertThat(InternetChecksum.transportValid(p)).isFalse();
    }

    @Test
    void zeroUdpChecksumMeansNoneOverIpv4AndInvalidOverIpv6() {
        ByteBuf v4 = Packets.of(Packets.V4_UDP);
        v4.setShort(26, 0);
        assertThat(InternetChecksum.transportValid(v4)).isTrue();
        ByteBuf v6 = Packets.of(Packets.V6_UDP);
        v6.setShort(46, 0);
        assertThat(InternetChecksum.transportValid(v6)).isFalse();
    }

    @Test
    void refusesProtocolsWithoutAChecksumRule() {
        ByteBuf gre = Packets.v4Udp(40);
        gre.setByte(9, 47);
        assertThatThrownBy(() -> InternetChecksum.transportValid(gre)).isInstanceOf(IllegalArgumentException.class);
    }
}
