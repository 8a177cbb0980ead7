package io.quicroam.packetio;

import io.quicroam.masque.ip.IpAddresses;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test helper is checked against known values before the kernel tests rely on it. */
class UdpPacketsTest {

    @Test
    void rfc1071ExampleSums() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement: 220d).
        byte[] data = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(UdpPackets.checksum(data, 0, data.length, 0)).isEqualTo(0x220d);
    }

    @Test
    void builtPacketsVerify() {
        byte[] v4 = UdpPackets.udp(IpAddresses.parse("100.64.0.9"), 9999,
                IpAddresses.parse("100.64.0.2"), 40000, new byte[] {1, 2, 3});
        assertThat(UdpPackets.checksum(v4, 0, 20, 0)).as("IPv4 header checksum").isZero();
        assertThat(UdpPackets.udpChecksumValid(v4)).isTrue();
        v4[v4.length - 1] ^= 1;
        assertThat(UdpPackets.udpChecksumValid(v4)).as("corrupted").isFalse();

        byte[] v6 = UdpPackets.udp(IpAddresses.parse("fd7a::9"), 9999,
                IpAddresses.parse("fd7a::2"), 40000, new byte[] {1, 2, 3});
        UdpPackets.View view = new UdpPackets.View(v6);
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.payload()).containsExactly(1, 2, 3);
        assertThat(UdpPackets.udpChecksumValid(v6)).isTrue();
    }
}
