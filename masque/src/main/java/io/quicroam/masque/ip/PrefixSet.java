package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of IPv4 and IPv6 prefixes that answers "is this packet's destination (or source) inside?" straight from
 * the packet bytes, without allocating: the gateway checks every uplink packet against its advertised routes
 * (RFC 9484 §4.8), the agent checks split-tunnel rules. Prefixes are matched as masked integers.
 */
public final class PrefixSet {
    /** IPv4 header: source at offset 12, destination at 16 (RFC 791 §3.1). */
    private static final int V4_SOURCE = 12;

    private static final int V4_DESTINATION = 16;
    /** IPv6 header: source at offset 8, destination at 24 (RFC 8200 §3). */
    private static final int V6_SOURCE = 8;

    private static final int V6_DESTINATION = 24;

    private final int[] v4Networks;
    private final int[] v4Masks;
    private final long[] v6Networks;
    private final long[] v6Masks;

    private PrefixSet(int[] v4Networks, int[] v4Masks, long[] v6Networks, long[] v6Masks) {
        this.v4Networks = v4Networks;
        this.v4Masks = v4Masks;
        this.v6Networks = v6Networks;
        this.v6Masks = v6Masks;
    }

    public static PrefixSet of(List<IpPrefix> prefixes) {
        List<int[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (IpPrefix prefix : prefixes) {
            byte[] bytes = prefix.address().getAddress();
            int length = prefix.prefixLength();
            if (bytes.length == 4) {
                int mask = length == 0 ? 0 : -1 << (32 - length);
                v4.add(new int[] {toInt(bytes, 0) & mask, mask});
            } else {
                long highMask = mask64(Math.min(length, 64));
                long lowMask = mask64(Math.max(0, length - 64));
                v6.add(new long[] {toLong(bytes, 0) & highMask, toLong(bytes, 8) & lowMask, highMask, lowMask});
            }
        }
        int[] v4Networks = new int[v4.size()];
        int[] v4Masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            v4Networks[i] = v4.get(i)[0];
            v4Masks[i] = v4.get(i)[1];
        }
        long[] v6Networks = new long[v6.size() * 2];
        long[] v6Masks = new long[v6.size() * 2];
        for (int i = 0; i < v6.size(); i++) {
            long[] e = v6.get(i);
            v6Networks[2 * i] = e[0];
            v6Networks[2 * i + 1] = e[1];
            v6Masks[2 * i] = e[2];
            v6Masks[2 * i + 1] = e[3];
        }
        return new PrefixSet(v4Networks, v4Masks, v6Networks, v6Masks);
    }

    public boolean isEmpty() {
        return v4Networks.length == 0 && v6Networks.length == 0;
    }

    /** Is the destination of this well-formed IPv4 or IPv6 packet inside the set? */
    public boolean containsDestination(ByteBuf packet) {
        return contains(packet, true);
    }

    /** Is the source of this well-formed IPv4 or IPv6 packet inside the set? */
    public boolean containsSource(ByteBuf packet) {
        return contains(packet, false);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? containsV4(toInt(bytes, 0)) : containsV6(toLong(bytes, 0), toLong(bytes, 8));
    }

    private boolean contains(ByteBuf packet, boolean destination) {
        int start = packet.readerIndex();
        int version = (packet.getByte(start) & 0xf0) >>> 4;
        if (version == 4) {
            return containsV4(packet.getInt(start + (destination ? V4_DESTINATION : V4_SOURCE)));
        }
        if (version == 6) {
            int offset = start + (destination ? V6_DESTINATION : V6_SOURCE);
            return containsV6(packet.getLong(offset), packet.getLong(offset + 8));
        }
        return false;
    }

    private boolean containsV4(int address) {
        for (int i = 0; i < v4Networks.length; i++) {
            if ((address & v4Masks[i]) == v4Networks[i]) {
                return true;
            }
        }
        return false;
    }

    private boolean containsV6(long high, long low) {
        for (int i = 0; i < v6Networks.length; i += 2) {
            if ((high & v6Masks[i]) == v6Networks[i] && (low & v6Masks[i + 1]) == v6Networks[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private static long mask64(int length) {
        return length == 0 ? 0 : -1L << (64 - length);
    }

    private static int toInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24
                | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }

    private static long toLong(byte[] bytes, int offset) {
        return (long) toInt(bytes, offset) << 32 | (toInt(bytes, offset + 4) & 0xffffffffL);
    }
}
