package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.Hex;

/**
 * Reference packets whose checksums were computed by an independent implementation (a plain RFC 1071
 * sum in Python), not by the code under test. Addresses: 100.64.0.2 / fd00::2 (tunnel) to 198.18.0.1 /
 * fd00::1; echo id 0x1234, seq 1, data "abcdefgh"; UDP 40000 → 7, "hello".
 */
final class Packets {

    static final String V4_PING = "45000024abcd4000400164b664400002c612000108005435123400016162636465666768";
    static final String V6_PING =
            "6000000000103a40fd000000000000000000000000000002fd0000000000000000000000000000018000e1e5123400016162636465666768";
    static final String V4_UDP = "45000021000140004011107664400002c61200019c400007000df56468656c6c6f";
    static final String V6_UDP =
            "60000000000d1140fd000000000000000000000000000002fd0000000000000000000000000000019c400007000d25b668656c6c6f";
    /** V6_UDP behind an 8-byte Hop-by-Hop Options header (PadN). */
    static final String V6_HBH_UDP = "6000000000150040fd000000000000000000000000000002fd000000000000000000000000000001"
            + "11000104000000009c400007000d25b668656c6c6f";

    private Packets() {}

    static ByteBuf of(String hex) {
        return Hex.buf(hex);
    }

    /** A well-formed IPv4 UDP packet of exactly {@code size} bytes, DF set. */
    static ByteBuf v4Udp(int size) {
        return IpPacketBuilder.udp(
                IpAddresses.parse("100.64.0.2"), IpAddresses.parse("198.18.0.1"), 40000, 9, new byte[size - 28]);
    }

    /** A well-formed IPv6 UDP packet of exactly {@code size} bytes. */
    static ByteBuf v6Udp(int size) {
        return IpPacketBuilder.udp(
                IpAddresses.parse("fd00::2"), IpAddresses.parse("2001:db8::9"), 40000, 9, new byte[size - 48]);
    }
}
