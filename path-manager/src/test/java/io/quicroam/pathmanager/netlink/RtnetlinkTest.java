package io.quicroam.pathmanager.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.linux.Netlink;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rtnetlink codec on hand-built messages laid out as in <linux/rtnetlink.h>. */
class RtnetlinkTest {
    private static byte[] attr(int type, byte[] value) {
        int len = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate(Netlink.align(len)).order(ByteOrder.nativeOrder());
        b.putShort((short) len).putShort((short) type).put(value);
        return b.array();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static byte[] message(int type, int seq, byte[] header, byte[]... attrs) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        for (byte[] a : attrs) {
            body.writeBytes(a);
        }
        int len = 16 + body.size();
        ByteBuffer b = ByteBuffer.allocate(Netlink.align(len)).order(ByteOrder.nativeOrder());
        b.putInt(len)
                .putShort((short) type)
                .putShort((short) 0)
                .putInt(seq)
                .putInt(0)
                .put(body.toByteArray());
        return b.array();
    }

    private static byte[] ifinfomsg(int index, int flags) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.nativeOrder())
                .put((byte) 0)
                .put((byte) 0)
                .putShort((short) 1)
                .putInt(index)
                .putInt(flags)
                .putInt(0)
                .array();
    }

    private static byte[] ifaddrmsg(int family, int flags, int index) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .put((byte) family)
                .put((byte) 24)
                .put((byte) flags)
                .put((byte) 0)
                .putInt(index)
                .array();
    }

    private static byte[] rtmsg(int family, int dstLen, int table, int type) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .put((byte) family)
                .put((byte) dstLen)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) table)
                .put((byte) 3)
                .put((byte) 0)
                .put((byte) type)
                .putInt(0)
                .array();
    }

    private static List<RtMessage> parse(byte[]... messages) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            all.writeBytes(m);
        }
        byte[] bytes = all.toByteArray();
        return Rtnetlink.parse(bytes, bytes.length);
    }

    @Test
    void linkWithNameAndCarrier() {
        byte[] name = "wlan0\0".getBytes(StandardCharsets.US_ASCII);
        List<RtMessage> m = parse(
                message(
                        Netlink.RTM_NEWLINK,
                        0,
                        ifinfomsg(3, Rtnetlink.IFF_UP | Rtnetlink.IFF_RUNNING),
                        attr(Rtnetlink.IFLA_IFNAME, name)),
                message(Netlink.RTM_NEWLINK, 0, ifinfomsg(3, Rtnetlink.IFF_UP), attr(Rtnetlink.IFLA_IFNAME, name)),
                message(Netlink.RTM_DELLINK, 0, ifinfomsg(3, 0), attr(Rtnetlink.IFLA_IFNAME, name)));
        assertThat(m)
                .containsExactly(
                        new RtMessage.Link(0, false, 3, "wlan0", true),
                        new RtMessage.Link(0, false, 3, "wlan0", false),
                        new RtMessage.Link(0, true, 3, "wlan0", false));
    }

    @Test
    void addressPrefersLocalAndMarksTentativeUnusable() throws Exception {
        byte[] local = InetAddress.getByName("198.18.0.2").getAddress();
        byte[] peer = InetAddress.getByName("198.18.0.1").getAddress();
        byte[] v6 = InetAddress.getByName("2001:db8::2").getAddress();
        List<RtMessage> m = parse(
                message(
                        Netlink.RTM_NEWADDR,
                        7,
                        ifaddrmsg(2, 0, 4),
                        attr(Rtnetlink.IFA_ADDRESS, peer),
                        attr(Rtnetlink.IFA_LOCAL, local)),
                message(
                        Netlink.RTM_NEWADDR,
                        0,
                        ifaddrmsg(10, 0, 4),
                        attr(Rtnetlink.IFA_ADDRESS, v6),
                        attr(Rtnetlink.IFA_FLAGS, u32(Rtnetlink.IFA_F_TENTATIVE))),
                message(Netlink.RTM_DELADDR, 0, ifaddrmsg(10, 0, 4), attr(Rtnetlink.IFA_ADDRESS, v6)));
        assertThat(m)
                .containsExactly(
                        new RtMessage.Address(7, false, 4, InetAddress.getByName("198.18.0.2"), true),
                        new RtMessage.Address(0, false, 4, InetAddress.getByName("2001:db8::2"), false),
                        new RtMessage.Address(0, true, 4, InetAddress.getByName("2001:db8::2"), true));
    }

    @Test
    void onlyDefaultRoutesOfTheMainTableAreReported() throws Exception {
        byte[] gw = InetAddress.getByName("198.18.0.254").getAddress();
        List<RtMessage> m = parse(
                message(
                        Netlink.RTM_NEWROUTE,
                        0,
                        rtmsg(2, 0, Netlink.RT_TABLE_MAIN, Netlink.RTN_UNICAST),
                        attr(Netlink.RTA_GATEWAY, gw),
                        attr(Netlink.RTA_OIF, u32(5))),
                message(
                        Netlink.RTM_NEWROUTE,
                        0,
                        rtmsg(2, 24, Netlink.RT_TABLE_MAIN, Netlink.RTN_UNICAST),
                        attr(Netlink.RTA_OIF, u32(5))),
                message(Netlink.RTM_NEWROUTE, 0, rtmsg(2, 0, 255, 2), attr(Netlink.RTA_OIF, u32(5))),
                message(Netlink.NLMSG_DONE, 9, u32(0)));
        assertThat(m)
                .containsExactly(
                        new RtMessage.DefaultRoute(0, false, 2, 5, InetAddress.getByName("198.18.0.254")),
                        new RtMessage.Done(9));
    }

    @Test
    void errorsCarryThePositiveErrno() {
        assertThat(parse(message(Netlink.NLMSG_ERROR, 4, u32(-1)))).containsExactly(new RtMessage.Error(4, 1));
        assertThat(parse(message(Netlink.NLMSG_ERROR, 4, u32(0)))).isEmpty(); // an ACK
    }

    @Test
    void truncatedMessagesAreRejectedClearly() {
        byte[] m = message(Netlink.RTM_NEWLINK, 0, ifinfomsg(3, 0));
        assertThatThrownBy(() -> Rtnetlink.parse(m, m.length - 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated netlink message");
    }

    @Test
    void dumpRequestHasTheHeaderTheKernelExpects() {
        ByteBuffer b =
                ByteBuffer.wrap(Rtnetlink.dumpRequest(Netlink.RTM_GETADDR, 42)).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(24);
        assertThat(b.getShort(4)).isEqualTo((short) Netlink.RTM_GETADDR);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        assertThat(b.getInt(8)).isEqualTo(42);
    }
}
