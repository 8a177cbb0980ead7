package io.quicroam.masque.capsule;

import java.util.List;

/**
 * ADDRESS_ASSIGN (type 0x01, RFC 9484 §4.7.1): the full list of prefixes currently assigned to the
 * receiver. An address missing from a later capsule is withdrawn; an empty list withdraws them all.
 */
public record AddressAssign(List<AssignedAddress> addresses) implements Capsule {

    public static final long TYPE = 0x01;

    public AddressAssign {
        addresses = List.copyOf(addresses); // zero entries allowed (RFC 9484 §4.7.1)
    }

    /**
     * The answer of an endpoint that assigns no addresses to its peer (an agent asked by its proxy): RFC 9484 §4.7.2,
     * "for each Requested Address, the receiver ... SHALL respond with an Assigned Address with a matching Request
     * ID"; one not assigned has the all-zero address with the maximum prefix length (0.0.0.0/32, ::/128).
     */
    public static AddressAssign rejectingAll(AddressRequest request) {
        return new AddressAssign(request.addresses().stream()
                .map(a -> AssignedAddress.rejection(a.requestId(), a.prefix().ipVersion()))
                .toList());
    }

    @Override
    public long type() {
        return TYPE;
    }
}
