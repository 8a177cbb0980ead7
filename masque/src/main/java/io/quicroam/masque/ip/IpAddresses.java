package io.quicroam.masque.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address values: raw bytes to {@link InetAddress} without surprises, and strict parsing of address
 * literals that never touches DNS.
 */
public final class IpAddresses {

    private IpAddresses() {}

    /**
     * The address for 4 or 16 raw bytes. Sixteen bytes always give an {@link Inet6Address}: the JDK's
     * {@code InetAddress.getByAddress} would silently turn an IPv4-mapped IPv6 address into an IPv4 one,
     * changing the IP version a peer sent.
     */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes);
            }
            if (bytes.length == 16) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the JDK refused a well-sized address", e);
        }
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
    }

    /**
     * The text a person reads: dotted quad for IPv4; for IPv6 the RFC 5952 §4 form: lower-case hex without leading
     * zeros (§4.1, §4.3), the longest run of two or more zero groups shortened to {@code ::}, the first of equal runs
     * (§4.2), and an IPv4-mapped address with its IPv4 part dotted (§5, {@code ::ffff:192.0.2.1}). A scope
     * (zone) is kept after {@code %}. The JDK's {@code getHostAddress()} writes {@code 0:0:0:0:0:0:0:1} instead.
     */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        StringBuilder text = new StringBuilder(39);
        if (groups[0] == 0
                && groups[1] == 0
                && groups[2] == 0
                && groups[3] == 0
                && groups[4] == 0
                && groups[5] == 0xffff) {
            text.append("::ffff:")
                    .append(b[12] & 0xff)
                    .append('.')
                    .append(b[13] & 0xff)
                    .append('.')
                    .append(b[14] & 0xff)
                    .append('.')
                    .append(b[15] & 0xff);
        } else {
            int bestStart = -1;
            int bestLength = 1; // a single zero group is not shortened (§4.2.2)
            for (int i = 0; i < 8; ) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j == i ? i + 1 : j;
            }
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    text.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        if (v6.getScopedInterface() != null) {
            text.append('%').append(v6.getScopedInterface().getName());
        } else if (v6.getScopeId() != 0) {
            text.append('%').append(v6.getScopeId());
        }
        return text.toString();
    }

    /** 4 for IPv4, 6 for IPv6. */
    public static int version(InetAddress address) {
        if (address instanceof Inet4Address) {
            return 4;
        }
        if (address instanceof Inet6Address) {
            return 6;
        }
        throw new IllegalArgumentException(
                "neither IPv4 nor IPv6: " + address.getClass().getName());
    }

    /** Address length in bits for an IP version (32 or 128). */
    public static int bits(int ipVersion) {
        return switch (ipVersion) {
            case 4 -> 32;
            case 6 -> 128;
            default -> throw new IllegalArgumentException("IP version must be 4 or 6, not " + ipVersion);
        };
    }

    /**
     * Parses an IPv4 dotted-quad (RFC 3986 §3.2.2 {@code IPv4address}: no leading zeros) or an IPv6
     * literal (RFC 4291 §2.2, with "::" and a trailing dotted quad; no brackets, no zone). Never resolves
     * names. Returns null if {@code text} is not such a literal.
     */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** {@link #parseLiteral} as an {@link InetAddress}; IllegalArgumentException if not a literal. */
    public static InetAddress parse(String text) {
        byte[] bytes = parseLiteral(text);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address literal");
        }
        return fromBytes(bytes);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = decOctet(parts[i]);
            if (octet < 0) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }

    /** RFC 3986 dec-octet: 0-255 without leading zeros; -1 if not one. */
    private static int decOctet(String s) {
        if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null; // at most one "::" (RFC 4291 §2.2)
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount;
        if (gap < 0) {
            headCount = groups(text, head, true);
            tailCount = 0;
            if (headCount != 8) {
                return null;
            }
        } else {
            headCount = groups(text.substring(0, gap), head, false);
            tailCount = groups(text.substring(gap + 2), tail, true);
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
                return null; // "::" stands for at least one group of zeros
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headCount; i++) {
            out[2 * i] = (byte) (head[i] >>> 8);
            out[2 * i + 1] = (byte) head[i];
        }
        for (int i = 0; i < tailCount; i++) {
            int g = 8 - tailCount + i;
            out[2 * g] = (byte) (tail[i] >>> 8);
            out[2 * g + 1] = (byte) tail[i];
        }
        return out;
    }

    /**
     * Parses colon-separated 16-bit hex groups into {@code out}; the last one may be a dotted quad
     * (counting as two groups) if {@code mayEndWithIpv4}. Returns the group count, or -1 if malformed.
     */
    private static int groups(String s, int[] out, boolean mayEndWithIpv4) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (last && mayEndWithIpv4 && part.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(part);
                if (v4 == null || count + 2 > 8) {
                    return -1;
                }
                out[count++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
                out[count++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8) {
                return -1;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            out[count++] = value;
        }
        return count;
    }
}
