package io.quicroam.masque.capsule;

import io.quicroam.masque.VarInt;
import java.util.Objects;

/**
 * One Requested Address of an ADDRESS_REQUEST capsule (RFC 9484 §4.7.2). An all-zero address asks for
 * any address of that family, the prefix length still stating the preferred size.
 */
public record RequestedAddress(long requestId, IpPrefix prefix) {

    public RequestedAddress {
        // RFC 9484 §4.7.2: Request IDs MUST NOT be zero
        if (requestId <= 0 || requestId > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("Request ID must be non-zero and at most 2^62-1: " + requestId);
        }
        Objects.requireNonNull(prefix, "prefix");
    }
}
