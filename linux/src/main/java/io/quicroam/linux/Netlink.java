package io.quicroam.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The parts of the netlink wire format (netlink(7), rtnetlink(7), {@code <linux/netlink.h>},
 * {@code <linux/rtnetlink.h>}) that the route monitor and the route programmer share: message and attribute
 * framing, flags, rtnetlink message types. Netlink uses the host's byte order.
 */
public final class Netlink {
    // <linux/netlink.h>
    public static final int NLMSG_HDRLEN = 16;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_DUMP = 0x300;
    // <linux/rtnetlink.h> message types
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    /** {@code struct rtmsg}. */
    public static final int RTMSG_LEN = 12;

    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_TABLE = 15;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RTN_UNICAST = 1;
    public static final int RTPROT_BOOT = 3;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_NOWHERE = 255;

    private Netlink() {}

    /** {@code struct sockaddr_nl} subscribed to {@code groups} (0 for the kernel as destination). */
    public static byte[] sockaddr(int groups) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK)
                .putShort((short) 0)
                .putInt(0)
                .putInt(groups)
                .array();
    }

    /** Messages and attributes start on 4-byte boundaries (NLMSG_ALIGN, RTA_ALIGN). */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A buffer in the host's byte order with a message header whose length is filled in by {@link #finish}. */
    public static ByteBuffer message(int capacity, int type, int flags, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
        return b.putInt(0)
                .putShort((short) type)
                .putShort((short) flags)
                .putInt(sequence)
                .putInt(0);
    }

    /** Appends an attribute (struct rtattr) with {@code value}, padded. */
    public static void attribute(ByteBuffer b, int type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        b.position(b.position() + align(4 + value.length) - 4 - value.length);
    }

    /** Appends a 32-bit attribute. */
    public static void attribute(ByteBuffer b, int type, int value) {
        b.putShort((short) 8).putShort((short) type).putInt(value);
    }

    /** The finished message: its length written into the header. */
    public static byte[] finish(ByteBuffer b) {
        b.putInt(0, b.position());
        byte[] out = new byte[b.position()];
        b.get(0, out);
        return out;
    }
}
