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

    @Override
    public long type() {
        return TYPE;
    }
}
