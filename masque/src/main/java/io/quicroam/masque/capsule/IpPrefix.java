package io.quicroam.masque.capsule;

import io.quicroam.masque.ip.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address and prefix length as carried by ADDRESS_ASSIGN / ADDRESS_REQUEST (RFC 9484 §4.7.1,
 * §4.7.2) and by the {@code target} request variable (RFC 9484 §4.6).
 */
public record IpPrefix(InetAddress address, int prefixLength) {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int bits = IpAddresses.bits(IpAddresses.version(address));
        // RFC 9484 §4.7.1, §4.7.2: the prefix length MUST be ≤ the address length in bits
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("IP prefix length " + prefixLength + " is outside [0, " + bits + "]");
        }
        // RFC 9484 §4.7.1, §4.7.2, §4.6: the bits not covered by the prefix length MUST all be 0
        if (!hostBitsZero(address.getAddress(), prefixLength)) {
            throw new IllegalArgumentException("IP address has bits set beyond the prefix length " + prefixLength);
        }
    }

    /**
     * Parses {@code address} or {@code address/length} (the decoded form of a {@code target}, RFC 9484
     * §4.6). A bare address is a full-length prefix. IllegalArgumentException if malformed.
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        int bits = IpAddresses.bits(IpAddresses.version(address));
        if (slash < 0) {
            return new IpPrefix(address, bits);
        }
        String length = text.substring(slash + 1);
        // RFC 9484 Figure 6: "%2F" 1*2DIGIT for IPv4, 1*3DIGIT for IPv6
        int maxDigits = bits == 32 ? 2 : 3;
        if (length.isEmpty() || length.length() > maxDigits || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(
                    "IP prefix length is not a decimal number of at most " + maxDigits + " digits");
        }
        return new IpPrefix(address, Integer.parseInt(length));
    }

    /** The prefix holding exactly {@code address}: a /32 or a /128. */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, address.getAddress().length * 8);
    }

    public boolean isIpv6() {
        return ipVersion() == 6;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return IpAddresses.version(address);
    }

    /** Whether {@code a} is of the same IP version and falls within this prefix. */
    public boolean contains(InetAddress a) {
        if (IpAddresses.version(a) != ipVersion()) {
            return false;
        }
        byte[] mine = address.getAddress();
        byte[] theirs = a.getAddress();
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (mine[i] != theirs[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (mine[full] & mask) == (theirs[full] & mask);
    }

    /** "192.0.2.0/24" form. */
    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength;
    }

    private static boolean hostBitsZero(byte[] bytes, int prefixLength) {
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            if ((bytes[bit / 8] >> (7 - bit % 8) & 1) != 0) {
                return false;
            }
        }
        return true;
    }
}
