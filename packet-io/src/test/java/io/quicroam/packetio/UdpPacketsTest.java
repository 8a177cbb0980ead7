package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpAddresses;
import org.junit.jupiter.api.Test;

/** The test helper is checked against known values before the kernel tests rely on it. */
class UdpPacketsTest {

    @Test
    void builtPacketsVerify() {
        byte[] v4 = UdpPackets.udp(
                IpAddresses.parse("100.64.0.9"), 9999, IpAddresses.parse("100.64.0.2"), 40000, new byte[] {1, 2, 3});
        assertThat(InternetChecksum.ipv4HeaderValid(Unpooled.wrappedBuffer(v4)))
                .as("IPv4 header checksum")
                .isTrue();
        assertThat(UdpPackets.udpChecksumValid(v4)).isTrue();
        v4[v4.length - 1] ^= 1;
        assertThat(UdpPackets.udpChecksumValid(v4)).as("corrupted").isFalse();

        byte[] v6 = UdpPackets.udp(
                IpAddresses.parse("fd7a::9"), 9999, IpAddresses.parse("fd7a::2"), 40000, new byte[] {1, 2, 3});
        UdpPackets.View view = new UdpPackets.View(v6);
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.payload()).containsExactly(1, 2, 3);
        assertThat(UdpPackets.udpChecksumValid(v6)).isTrue();
    }
}
