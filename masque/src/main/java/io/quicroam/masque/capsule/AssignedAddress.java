package io.quicroam.masque.capsule;

import io.quicroam.masque.VarInt;
import io.quicroam.masque.ip.IpAddresses;
import java.util.Objects;

/**
 * One Assigned Address of an ADDRESS_ASSIGN capsule (RFC 9484 §4.7.1). The Request ID echoes the
 * ADDRESS_REQUEST entry it answers, or is 0 for an unprompted assignment; matching it against requests
 * sent is the receiver's (stateful) job.
 */
public record AssignedAddress(long requestId, IpPrefix prefix) {

    public AssignedAddress {
        if (requestId < 0 || requestId > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("Request ID must be a varint in [0, 2^62-1]: " + requestId);
        }
        Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * The answer to a request that could not be served: all-zero address with the maximum prefix
     * length, 0.0.0.0/32 or ::/128 (RFC 9484 §4.7.2).
     */
    public static AssignedAddress rejection(long requestId, int ipVersion) {
        int bits = IpAddresses.bits(ipVersion);
        return new AssignedAddress(requestId, new IpPrefix(IpAddresses.fromBytes(new byte[bits / 8]), bits));
    }

    /** Whether this entry says "not assigned" (RFC 9484 §4.7.2). */
    public boolean isRejection() {
        int bits = IpAddresses.bits(prefix.ipVersion());
        return prefix.prefixLength() == bits && prefix.address().isAnyLocalAddress();
    }
}
