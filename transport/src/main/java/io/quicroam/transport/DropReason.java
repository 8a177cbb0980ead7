package io.quicroam.transport;

import java.util.Locale;

/** Why a datagram or packet was dropped: every drop is counted under one of these. */
public enum DropReason {
    /** Quarter stream ID names no CONNECT-IP stream we know (RFC 9297 §2.1 lets us drop it). */
    UNKNOWN_STREAM,
    /**
     * For a request stream whose method defines no HTTP Datagrams (RFC 9297 §2.1): the stream is aborted with
     * H3_DATAGRAM_ERROR.
     */
    NO_DATAGRAM_SEMANTICS,
    /** Context ID not registered on that stream (RFC 9484 §6). */
    UNKNOWN_CONTEXT,
    /** The HTTP Datagram or its context ID could not be parsed. */
    MALFORMED_DATAGRAM,
    /** The IP header is not a well-formed IPv4 or IPv6 header. */
    MALFORMED_PACKET,
    /** Source is not an address assigned to the sender (RFC 9484 §8). */
    SPOOFED_SOURCE,
    /**
     * Outside the advertised routes (RFC 9484 §4.8, §7.2): an uplink packet's destination, or a downlink packet's
     * source (ICMP errors excepted).
     */
    OUTSIDE_ROUTES,
    /**
     * An uplink packet inside the gateway's routes but outside its request's {@code target} / {@code ipproto}
     * scope (RFC 9484 §4.6); answered with ICMP "administratively prohibited".
     */
    OUTSIDE_SCOPE,
    /** A downlink packet's destination is not an address assigned to this session (RFC 9484 §7.2). */
    UNASSIGNED_DESTINATION,
    /** An uplink packet's destination is one the gateway's egress policy keeps clients from (the host itself, ...). */
    EGRESS_DENIED,
    /** Bigger than the tunnel can carry; answered with ICMP Packet Too Big where we can. */
    OVERSIZE,
    /** No session owns the destination address. */
    NO_SESSION,
    /** No usable path or connection to send it on. */
    NO_PATH,
    /** A queue on the way was full. */
    QUEUE_FULL,
    /**
     * quiche's DATAGRAM send queue was full: the connection's congestion window lets out less than the tunnel is
     * given (DATAGRAM frames are congestion controlled, RFC 9221 §5).
     */
    QUIC_QUEUE_FULL,
    /** The hop limit ran out (RFC 9484 §7.2: each end decrements it on encapsulation). */
    HOP_LIMIT,
    /** QUIC refused a datagram at write time (larger than the connection carries now, or the connection closing). */
    WRITE_FAILED;

    /** Prometheus-style tag value, e.g. {@code unknown-context}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
