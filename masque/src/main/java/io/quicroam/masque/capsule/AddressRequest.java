package io.quicroam.masque.capsule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ADDRESS_REQUEST (type 0x02, RFC 9484 §4.7.2): asks the peer to assign addresses; it answers each entry
 * with an Assigned Address carrying the same Request ID.
 *
 * <p>Request IDs are checked for uniqueness within the capsule; that an endpoint never reuses one across
 * capsules (same section) is for the receiver to track.
 */
public record AddressRequest(List<RequestedAddress> addresses) implements Capsule {

    public static final long TYPE = 0x02;

    public AddressRequest {
        addresses = List.copyOf(addresses);
        // RFC 9484 §4.7.2: a capsule with zero Requested Addresses MUST abort the request stream
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("ADDRESS_REQUEST with zero Requested Addresses");
        }
        // RFC 9484 §4.7.2: each request carries a different identifier; IDs MUST NOT be reused
        Set<Long> seen = new HashSet<>();
        for (RequestedAddress a : addresses) {
            if (!seen.add(a.requestId())) {
                throw new IllegalArgumentException("Request ID " + a.requestId() + " used twice in one capsule");
            }
        }
    }

    @Override
    public long type() {
        return TYPE;
    }
}
