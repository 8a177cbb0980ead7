package io.quicroam.masque.capsule;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpProtocol;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One IP Address Range of a ROUTE_ADVERTISEMENT capsule (RFC 9484 §4.7.3): inclusive start and end
 * addresses and the IP protocol that may be sent there (0: any).
 */
public record IpAddressRange(InetAddress start, InetAddress end, int ipProtocol) {

    public IpAddressRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (IpAddresses.version(start) != IpAddresses.version(end)) {
            throw new IllegalArgumentException("Start and End IP Address have different IP versions");
        }
        // RFC 9484 §4.7.3: the Start IP Address MUST be less than or equal to the End IP Address
        if (compare(start, end) > 0) {
            throw new IllegalArgumentException("Start IP Address is greater than End IP Address");
        }
        // RFC 9484 §4.7.3: IP Protocol is an unsigned 8-bit integer
        if (ipProtocol < 0 || ipProtocol > 255) {
            throw new IllegalArgumentException("IP Protocol must be in [0, 255]: " + ipProtocol);
        }
    }

    /** 4 or 6. */
    public int ipVersion() {
        return IpAddresses.version(start);
    }

    /**
     * Whether a packet to {@code a} with upper-layer protocol {@code protocol} (after walking IPv6
     * extension headers, RFC 9484 §4.8) may use this route: same version, inside the range, and the
     * range allows any protocol (0) or this one. ICMP of the range's version is always allowed
     * (RFC 9484 §4.7.3).
     */
    public boolean contains(InetAddress a, int protocol) {
        if (IpAddresses.version(a) != ipVersion() || compare(start, a) > 0 || compare(a, end) > 0) {
            return false;
        }
        return ipProtocol == 0 || ipProtocol == protocol || protocol == IpProtocol.icmpFor(ipVersion());
    }

    /** Unsigned, big-endian comparison of two addresses of the same version. */
    static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
