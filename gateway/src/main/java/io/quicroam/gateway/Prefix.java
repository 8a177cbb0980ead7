package io.quicroam.gateway;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses prefix literals such as {@code 100.64.0.0/10} or {@code fd7a:115c:a1e0::/64}; never resolves names. */
public final class Prefix {
    private Prefix() {
    }

    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = literal(address);
        int bits = parsed.getAddress().length * 8;
        int length = bits;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': prefix length is not a number");
            }
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + bits);
        }
        return new IpPrefix(mask(parsed, length), length);
    }

    /** An IP address literal, IPv6 optionally in brackets; a host name is refused (no DNS from configuration). */
    public static InetAddress literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return IpAddresses.parse(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal");
        }
    }

    /** The address with every bit beyond {@code length} cleared. */
    public static InetAddress mask(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
