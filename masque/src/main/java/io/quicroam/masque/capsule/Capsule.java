package io.quicroam.masque.capsule;

/**
 * One capsule of the Capsule Protocol (RFC 9297 §3.2) on a CONNECT-IP request stream: the three
 * CONNECT-IP configuration capsules (RFC 9484 §4.7), quicroam's PATH_STATUS extension (docs/extension.md),
 * the DATAGRAM capsule (RFC 9297 §3.5), or a skipped one of unknown type.
 */
public sealed interface Capsule
        permits AddressAssign, AddressRequest, RouteAdvertisement, PathStatus, DatagramCapsule, UnknownCapsule {

    /** The Capsule Type (RFC 9297 §3.2). */
    long type();
}
