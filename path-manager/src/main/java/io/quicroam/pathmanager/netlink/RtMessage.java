package io.quicroam.pathmanager.netlink;

import java.net.InetAddress;

/** The rtnetlink messages the monitor cares about, decoded from the wire by {@link Rtnetlink#parse}. */
sealed interface RtMessage {
    /** The netlink sequence number: ours for dump replies, 0 for multicast notifications. */
    int sequence();

    /** RTM_NEWLINK / RTM_DELLINK. {@code up} = IFF_UP and IFF_RUNNING (administratively up with carrier). */
    record Link(int sequence, boolean removed, int index, String name, boolean up) implements RtMessage {}

    /** RTM_NEWADDR / RTM_DELADDR. A tentative or DAD-failed address is reported as not {@code usable}. */
    record Address(int sequence, boolean removed, int index, InetAddress address, boolean usable)
            implements RtMessage {}

    /** RTM_NEWROUTE / RTM_DELROUTE of a default route in the main table; {@code gateway} may be null. */
    record DefaultRoute(int sequence, boolean removed, int family, int index, InetAddress gateway)
            implements RtMessage {}

    /** NLMSG_DONE: the end of a dump. */
    record Done(int sequence) implements RtMessage {}

    /** NLMSG_ERROR with a non-zero error: {@code errno} is positive. */
    record Error(int sequence, int errno) implements RtMessage {}
}
