package io.quicroam.masque.capsule;

/**
 * One capsule of the Capsule Protocol (RFC 9297 §3.2) on a CONNECT-IP request stream: the three
 * CONNECT-IP configuration capsules (RFC 9484 §4.7) or a skipped one of unknown type.
 */
public sealed interface Capsule permits AddressAssign, AddressRequest, RouteAdvertisement, UnknownCapsule {

    /** The Capsule Type (RFC 9297 §3.2). */
    long type();
}
