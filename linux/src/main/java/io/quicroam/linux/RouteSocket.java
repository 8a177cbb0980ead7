package io.quicroam.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Adds and removes device routes ({@code ip route add PREFIX dev DEV}) through an rtnetlink socket: one message and
 * one acknowledgement per route, no process spawned, so a proxy that advertises hundreds of routes costs
 * milliseconds. The socket belongs to the network namespace it was opened in, whichever thread uses it later.
 * Not thread-safe: one caller at a time.
 */
public final class RouteSocket implements AutoCloseable {
    private static final int RECEIVE = 8192;

    private final NativeFd socket;
    private final byte[] buffer = new byte[RECEIVE];
    private int sequence;

    private RouteSocket(NativeFd socket) {
        this.socket = socket;
    }

    /** A socket in the calling thread's network namespace, or in {@code namespace} when not null. */
    public static RouteSocket open(NetworkNamespace namespace) throws IOException {
        return new RouteSocket(NativeFd.of(namespace == null ? openSocket() : namespace.call(RouteSocket::openSocket)));
    }

    private static int openSocket() throws LinuxException {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        try {
            LibC.bind(fd, Netlink.sockaddr(0));
            return fd;
        } catch (LinuxException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /** Routes {@code address}/{@code prefixLength} (4 or 16 bytes) into the device with {@code ifindex}. */
    public void add(byte[] address, int prefixLength, int ifindex) throws LinuxException {
        // As ip route add does: a route without a gateway is scope link, protocol boot; EXCL fails on a duplicate.
        request(
                Netlink.RTM_NEWROUTE,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL,
                address,
                prefixLength,
                ifindex,
                Netlink.RTPROT_BOOT,
                Netlink.RT_SCOPE_LINK,
                Netlink.RTN_UNICAST,
                "add");
    }

    /** Removes the route {@link #add} made. */
    public void delete(byte[] address, int prefixLength, int ifindex) throws LinuxException {
        request(Netlink.RTM_DELROUTE, 0, address, prefixLength, ifindex, 0, Netlink.RT_SCOPE_NOWHERE, 0, "del");
    }

    private void request(
            int type,
            int flags,
            byte[] address,
            int prefixLength,
            int ifindex,
            int protocol,
            int scope,
            int routeType,
            String verb)
            throws LinuxException {
        int seq = ++sequence;
        ByteBuffer b = Netlink.message(
                Netlink.NLMSG_HDRLEN + Netlink.RTMSG_LEN + 8 + 16 + 8,
                type,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | flags,
                seq);
        b.put((byte) (address.length == 4 ? LibC.AF_INET : LibC.AF_INET6))
                .put((byte) prefixLength)
                .put((byte) 0)
                .put((byte) 0) // src_len, tos
                .put((byte) Netlink.RT_TABLE_MAIN)
                .put((byte) protocol)
                .put((byte) scope)
                .put((byte) routeType)
                .putInt(0); // rtm_flags
        Netlink.attribute(b, Netlink.RTA_DST, address);
        Netlink.attribute(b, Netlink.RTA_OIF, ifindex);
        byte[] message = Netlink.finish(b);
        LibC.sendto(socket.value(), message, message.length, 0, Netlink.sockaddr(0));
        awaitAck(seq, "route " + verb + " /" + prefixLength + " dev #" + ifindex);
    }

    /** Reads until the acknowledgement of {@code seq}: NLMSG_ERROR with error 0, or the kernel's errno. */
    private void awaitAck(int seq, String what) throws LinuxException {
        while (true) {
            int n = LibC.recv(socket.value(), buffer, 0);
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
            for (int offset = 0; offset + Netlink.NLMSG_HDRLEN <= n; ) {
                int len = b.getInt(offset);
                int type = Short.toUnsignedInt(b.getShort(offset + 4));
                if (len < Netlink.NLMSG_HDRLEN) {
                    throw new LinuxException(what, LibC.EIO, "malformed netlink answer");
                }
                if (type == Netlink.NLMSG_ERROR && b.getInt(offset + 8) == seq) {
                    int error = -b.getInt(offset + Netlink.NLMSG_HDRLEN);
                    if (error != 0) {
                        throw new LinuxException(
                                what,
                                error,
                                error == LibC.EEXIST
                                        ? "File exists"
                                        : error == LibC.ENOENT || error == LibC.ESRCH
                                                ? "No such route"
                                                : "netlink error");
                    }
                    return;
                }
                offset += Netlink.align(len);
            }
        }
    }

    @Override
    public void close() throws LinuxException {
        socket.close();
    }
}
