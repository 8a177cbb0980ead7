package io.quicroam.pathmanager.netlink;

import static io.quicroam.linux.Netlink.NLMSG_DONE;
import static io.quicroam.linux.Netlink.NLMSG_ERROR;
import static io.quicroam.linux.Netlink.NLMSG_HDRLEN;
import static io.quicroam.linux.Netlink.NLM_F_DUMP;
import static io.quicroam.linux.Netlink.NLM_F_REQUEST;
import static io.quicroam.linux.Netlink.RTA_GATEWAY;
import static io.quicroam.linux.Netlink.RTA_OIF;
import static io.quicroam.linux.Netlink.RTA_TABLE;
import static io.quicroam.linux.Netlink.RTMSG_LEN;
import static io.quicroam.linux.Netlink.RTM_DELADDR;
import static io.quicroam.linux.Netlink.RTM_DELLINK;
import static io.quicroam.linux.Netlink.RTM_DELROUTE;
import static io.quicroam.linux.Netlink.RTM_GETADDR;
import static io.quicroam.linux.Netlink.RTM_GETLINK;
import static io.quicroam.linux.Netlink.RTM_GETROUTE;
import static io.quicroam.linux.Netlink.RTM_NEWADDR;
import static io.quicroam.linux.Netlink.RTM_NEWLINK;
import static io.quicroam.linux.Netlink.RTM_NEWROUTE;
import static io.quicroam.linux.Netlink.RTN_UNICAST;
import static io.quicroam.linux.Netlink.RT_TABLE_MAIN;
import static io.quicroam.linux.Netlink.align;

import io.quicroam.linux.Netlink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rtnetlink wire format (rtnetlink(7), netlink(7), <linux/rtnetlink.h>): dump requests and the parsing of
 * link, address and route messages; the framing and message types shared with route programming are the
 * {@code linux} module's {@link io.quicroam.linux.Netlink}. Pure: no socket, testable with bytes. Netlink uses the
 * host's byte order.
 */
final class Rtnetlink {
    // Multicast groups (legacy bit masks for sockaddr_nl.nl_groups).
    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;
    static final int RTMGRP_IPV4_ROUTE = 0x40;
    static final int RTMGRP_IPV6_IFADDR = 0x100;
    static final int RTMGRP_IPV6_ROUTE = 0x400;
    static final int GROUPS =
            RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
    // <linux/if.h>
    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;
    // <linux/if_link.h>, <linux/if_addr.h>, <linux/rtnetlink.h> attributes
    static final int IFLA_IFNAME = 3;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;
    static final int IFA_F_DADFAILED = 0x08;
    static final int IFA_F_TENTATIVE = 0x40;

    private static final int IFINFOMSG_LEN = 16;
    private static final int IFADDRMSG_LEN = 8;

    private Rtnetlink() {}

    /** A dump request: RTM_GETLINK, RTM_GETADDR or RTM_GETROUTE for every family. */
    static byte[] dumpRequest(int type, int sequence) {
        int payload = switch (type) {
            case RTM_GETLINK -> IFINFOMSG_LEN;
            case RTM_GETADDR -> IFADDRMSG_LEN;
            case RTM_GETROUTE -> RTMSG_LEN;
            default -> throw new IllegalArgumentException("not a dump type: " + type);
        };
        ByteBuffer b = Netlink.message(NLMSG_HDRLEN + payload, type, NLM_F_REQUEST | NLM_F_DUMP, sequence);
        // The family-specific header stays zero: AF_UNSPEC, every interface.
        b.position(NLMSG_HDRLEN + payload);
        return Netlink.finish(b);
    }

    /** Decodes every message of one datagram; messages of other types are skipped. */
    static List<RtMessage> parse(byte[] datagram, int length) {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<RtMessage> out = new ArrayList<>();
        int offset = 0;
        while (offset + NLMSG_HDRLEN <= length) {
            int len = b.getInt(offset);
            int type = Short.toUnsignedInt(b.getShort(offset + 4));
            int seq = b.getInt(offset + 8);
            if (len < NLMSG_HDRLEN || offset + len > length) {
                throw new IllegalArgumentException("truncated netlink message at offset " + offset + ": length " + len);
            }
            int body = offset + NLMSG_HDRLEN;
            int end = offset + len;
            switch (type) {
                case NLMSG_DONE -> out.add(new RtMessage.Done(seq));
                case NLMSG_ERROR -> {
                    int error = b.getInt(body);
                    if (error != 0) {
                        out.add(new RtMessage.Error(seq, -error));
                    }
                }
                case RTM_NEWLINK, RTM_DELLINK -> out.add(link(b, seq, type == RTM_DELLINK, body, end));
                case RTM_NEWADDR, RTM_DELADDR -> addAddress(out, b, seq, type == RTM_DELADDR, body, end);
                case RTM_NEWROUTE, RTM_DELROUTE -> addRoute(out, b, seq, type == RTM_DELROUTE, body, end);
                default -> {
                    // Not ours (e.g. neighbour messages): skip.
                }
            }
            offset += align(len);
        }
        return out;
    }

    private static RtMessage link(ByteBuffer b, int seq, boolean removed, int body, int end) {
        int index = b.getInt(body + 4);
        int flags = b.getInt(body + 8);
        String name = "";
        for (int a = body + IFINFOMSG_LEN; a + 4 <= end; a += align(attrLength(b, a))) {
            if (attrType(b, a) == IFLA_IFNAME) {
                name = cString(b, a + 4, attrLength(b, a) - 4);
            }
        }
        boolean up = (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0;
        return new RtMessage.Link(seq, removed, index, name, up);
    }

    private static void addAddress(List<RtMessage> out, ByteBuffer b, int seq, boolean removed, int body, int end) {
        int flags = Byte.toUnsignedInt(b.get(body + 2));
        int index = b.getInt(body + 4);
        byte[] local = null;
        byte[] address = null;
        for (int a = body + IFADDRMSG_LEN; a + 4 <= end; a += align(attrLength(b, a))) {
            switch (attrType(b, a)) {
                case IFA_LOCAL -> local = bytes(b, a + 4, attrLength(b, a) - 4);
                case IFA_ADDRESS -> address = bytes(b, a + 4, attrLength(b, a) - 4);
                case IFA_FLAGS -> flags = b.getInt(a + 4);
                default -> {}
            }
        }
        // IPv4 point-to-point: IFA_ADDRESS is the peer and IFA_LOCAL ours; otherwise they are equal.
        byte[] ours = local != null ? local : address;
        if (ours != null) {
            boolean usable = (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) == 0;
            out.add(new RtMessage.Address(seq, removed, index, inet(ours), usable));
        }
    }

    private static void addRoute(List<RtMessage> out, ByteBuffer b, int seq, boolean removed, int body, int end) {
        int family = Byte.toUnsignedInt(b.get(body));
        int dstLen = Byte.toUnsignedInt(b.get(body + 1));
        int table = Byte.toUnsignedInt(b.get(body + 4));
        int type = Byte.toUnsignedInt(b.get(body + 7));
        int oif = 0;
        InetAddress gateway = null;
        for (int a = body + RTMSG_LEN; a + 4 <= end; a += align(attrLength(b, a))) {
            switch (attrType(b, a)) {
                case RTA_OIF -> oif = b.getInt(a + 4);
                case RTA_GATEWAY -> gateway = inet(bytes(b, a + 4, attrLength(b, a) - 4));
                case RTA_TABLE -> table = b.getInt(a + 4);
                default -> {}
            }
        }
        if (dstLen == 0 && table == RT_TABLE_MAIN && type == RTN_UNICAST && oif != 0) {
            out.add(new RtMessage.DefaultRoute(seq, removed, family, oif, gateway));
        }
    }

    private static int attrLength(ByteBuffer b, int at) {
        int len = Short.toUnsignedInt(b.getShort(at));
        if (len < 4) {
            throw new IllegalArgumentException("malformed rtattr at offset " + at + ": length " + len);
        }
        return len;
    }

    private static int attrType(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at + 2)) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
    }

    private static byte[] bytes(ByteBuffer b, int at, int len) {
        byte[] out = new byte[len];
        b.get(at, out);
        return out;
    }

    private static String cString(ByteBuffer b, int at, int len) {
        byte[] raw = bytes(b, at, len);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(Arrays.copyOf(raw, n), StandardCharsets.UTF_8);
    }

    private static InetAddress inet(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }
}
