package io.quicroam.masque;

import io.quicroam.masque.capsule.IpPrefix;
import java.util.regex.Pattern;

/**
 * Syntax of the {@code target} and {@code ipproto} request variables after percent-decoding
 * (RFC 9484 §4.6, Figure 6).
 */
final class RequestScope {

    /** What a {@code target} value names. */
    enum TargetForm {
        ANY,
        PREFIX,
        HOSTNAME,
        INVALID
    }

    static final String WILDCARD = "*";

    /** RFC 1123 host name: dot-separated LDH labels of 1-63 characters, at most 253 in all. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private static final Pattern IP_LIKE = Pattern.compile("[0-9.]+(?:/.*)?|.*[:/%].*");

    private RequestScope() {}

    /**
     * Classifies a decoded {@code target}: "*", an IP address or prefix with zeroed host bits
     * ({@link IpPrefix#parse}), a DNS name (RFC 9484 Figure 6 reg-name), or none of these. Anything that
     * looks like an address (digits and dots only, or containing ":", "/" or "%") must parse as one:
     * RFC 3986 would call "300.1.1.1" a reg-name, but no proxy could resolve it. A zone identifier
     * ("%" after decoding) is not supported (RFC 9484 §4.6).
     */
    static TargetForm classifyTarget(String target) {
        if (WILDCARD.equals(target)) {
            return TargetForm.ANY;
        }
        if (IP_LIKE.matcher(target).matches()) {
            try {
                IpPrefix.parse(target);
                return TargetForm.PREFIX;
            } catch (IllegalArgumentException e) {
                return TargetForm.INVALID;
            }
        }
        return HOSTNAME.matcher(target).matches() ? TargetForm.HOSTNAME : TargetForm.INVALID;
    }

    /** RFC 9484 §4.6: "ipproto" is "*" or a decimal integer in [0, 255] of at most 3 digits. */
    static boolean isValidIpProto(String ipproto) {
        if (WILDCARD.equals(ipproto)) {
            return true;
        }
        if (ipproto.isEmpty() || ipproto.length() > 3 || !ipproto.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(ipproto) <= 255;
    }
}
