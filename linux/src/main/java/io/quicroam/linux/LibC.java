package io.quicroam.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls quicroam needs, bound with JNA direct mapping (no per-call reflection, no
 * allocation for {@code long} addresses), and the constants that go with them.
 *
 * <p>Every wrapper turns a failure into a {@link LinuxException} naming the call. Calls that may
 * be interrupted by a signal ({@code read}, {@code write}, {@code poll}, {@code send*}, {@code
 * recv*}) are retried on {@code EINTR}; {@code close} never is (on Linux the descriptor is gone
 * even when close reports EINTR, and a retry could close a reused number).
 *
 * <p>Buffers are passed either as a {@code byte[]} (copied in and out by JNA: for control
 * messages) or as a native address plus length (no copy: for the packet path, e.g. a direct
 * ByteBuf's {@code memoryAddress()}). Addresses are {@code long}, so this binding is for 64-bit
 * Linux only, which the class checks when it loads.
 */
public final class LibC {

    // Address families and socket types (<sys/socket.h>, <linux/netlink.h>).
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int NETLINK_ROUTE = 0;

    // Socket options.
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_NO_ENOBUFS = 5;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IPV6_MTU_DISCOVER = 23;
    /** Set DF, never fragment, and ignore the kernel's cached path MTU: the application probes it itself. */
    public static final int IP_PMTUDISC_PROBE = 3;

    // send/recv flags.
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;

    // open(2) flags.
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    // Namespaces (<sched.h>).
    public static final int CLONE_NEWNET = 0x40000000;

    // TUN/TAP (<linux/if_tun.h>, <net/if.h>). TUNSETIFF = _IOW('T', 202, int) in the generic
    // ioctl encoding shared by x86-64 and arm64.
    public static final int IFNAMSIZ = 16;
    public static final int IFF_TUN = 0x0001;
    public static final int IFF_TAP = 0x0002;
    public static final int IFF_MULTI_QUEUE = 0x0100;
    public static final int IFF_NO_PI = 0x1000;
    public static final long TUNSETIFF = 0x400454caL;
    /** Size of {@code struct ifreq}: a 16-byte name and a 24-byte union. */
    public static final int SIZEOF_IFREQ = 40;

    // poll(2) events.
    public static final short POLLIN = 0x1;
    public static final short POLLPRI = 0x2;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;
    /** Size of {@code struct pollfd}: int fd, short events, short revents. */
    public static final int SIZEOF_POLLFD = 8;

    // eventfd(2) flags.
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    // errno values (<asm-generic/errno-base.h>, <asm-generic/errno.h>).
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;

    private LibC() {}

    /** The native symbols. Kept apart so the public wrappers can carry the libc names. */
    private static final class Sys {
        static {
            if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
                throw new UnsupportedOperationException("io.quicroam.linux needs 64-bit Linux; this is "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            }
            Native.register(Sys.class, Platform.C_LIBRARY_NAME);
        }

        static native int open(String path, int flags, int mode) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native long read(int fd, long address, long count) throws LastErrorException;

        static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

        static native long write(int fd, long address, long count) throws LastErrorException;

        static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

        static native int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

        static native int ioctl(int fd, long request, long argument) throws LastErrorException;

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        static native long recv(int fd, long address, long length, int flags) throws LastErrorException;

        static native long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] address, int[] addressLength)
                throws LastErrorException;

        static native int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

        static native int getsockopt(int fd, int level, int option, byte[] value, int[] length)
                throws LastErrorException;

        static native int setns(int fd, int nstype) throws LastErrorException;

        static native int unshare(int flags) throws LastErrorException;

        static native int getuid();

        static native int geteuid();

        static native int if_nametoindex(String name) throws LastErrorException;

        static native int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

        static native int eventfd(int initialValue, int flags) throws LastErrorException;
    }

    /** open(2). Returns the new descriptor. */
    public static int open(String path, int flags) throws LinuxException {
        try {
            return Sys.open(path, flags, 0);
        } catch (LastErrorException e) {
            throw LinuxException.of("open(" + path + ")", e);
        }
    }

    /** close(2), never retried (see the class comment). */
    public static void close(int fd) throws LinuxException {
        try {
            Sys.close(fd);
        } catch (LastErrorException e) {
            throw LinuxException.of("close(" + fd + ")", e);
        }
    }

    /** read(2) into native memory. Returns the byte count, 0 at end of file. */
    public static int read(int fd, long address, int count) throws LinuxException {
        while (true) {
            try {
                return (int) Sys.read(fd, address, count);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("read(" + fd + ")", e);
                }
            }
        }
    }

    /** read(2) into the start of {@code buffer}. Returns the byte count, 0 at end of file. */
    public static int read(int fd, byte[] buffer) throws LinuxException {
        while (true) {
            try {
                return (int) Sys.read(fd, buffer, buffer.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("read(" + fd + ")", e);
                }
            }
        }
    }

    /** write(2) from native memory. Returns the byte count written. */
    public static int write(int fd, long address, int count) throws LinuxException {
        while (true) {
            try {
                return (int) Sys.write(fd, address, count);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("write(" + fd + ")", e);
                }
            }
        }
    }

    /** write(2) of the first {@code count} bytes of {@code buffer}. Returns the count written. */
    public static int write(int fd, byte[] buffer, int count) throws LinuxException {
        checkLength(buffer, count);
        while (true) {
            try {
                return (int) Sys.write(fd, buffer, count);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("write(" + fd + ")", e);
                }
            }
        }
    }

    /**
     * ioctl(2) whose argument is a structure the kernel may rewrite, e.g. {@code struct ifreq}.
     * {@code what} names the request in the error, e.g. {@code "TUNSETIFF(qr0)"}.
     */
    public static int ioctl(int fd, long request, byte[] argument, String what) throws LinuxException {
        try {
            return Sys.ioctl(fd, request, argument);
        } catch (LastErrorException e) {
            throw LinuxException.of(what, e);
        }
    }

    /** ioctl(2) whose argument is a plain integer; {@code what} names the request in the error. */
    public static int ioctl(int fd, long request, long argument, String what) throws LinuxException {
        try {
            return Sys.ioctl(fd, request, argument);
        } catch (LastErrorException e) {
            throw LinuxException.of(what, e);
        }
    }

    /** socket(2). Returns the new descriptor; pass {@link #SOCK_CLOEXEC} in {@code type}. */
    public static int socket(int domain, int type, int protocol) throws LinuxException {
        try {
            return Sys.socket(domain, type, protocol);
        } catch (LastErrorException e) {
            throw LinuxException.of("socket(" + domain + ", " + type + ", " + protocol + ")", e);
        }
    }

    /** bind(2) to a raw {@code struct sockaddr_*} image. */
    public static void bind(int fd, byte[] address) throws LinuxException {
        try {
            Sys.bind(fd, address, address.length);
        } catch (LastErrorException e) {
            throw LinuxException.of("bind(" + fd + ")", e);
        }
    }

    /**
     * sendto(2) of the first {@code length} bytes of {@code buffer} to a raw {@code sockaddr}
     * image ({@code null} for a connected socket). Returns the byte count sent.
     */
    public static int sendto(int fd, byte[] buffer, int length, int flags, byte[] address) throws LinuxException {
        checkLength(buffer, length);
        int addressLength = address == null ? 0 : address.length;
        while (true) {
            try {
                return (int) Sys.sendto(fd, buffer, length, flags, address, addressLength);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("sendto(" + fd + ")", e);
                }
            }
        }
    }

    /**
     * recv(2) into the start of {@code buffer}. Returns the byte count; with {@link #MSG_TRUNC}
     * the datagram's full length even when it did not fit.
     */
    public static int recv(int fd, byte[] buffer, int flags) throws LinuxException {
        while (true) {
            try {
                return (int) Sys.recv(fd, buffer, buffer.length, flags);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("recv(" + fd + ")", e);
                }
            }
        }
    }

    /** recv(2) into native memory. Returns the byte count. */
    public static int recv(int fd, long address, int length, int flags) throws LinuxException {
        while (true) {
            try {
                return (int) Sys.recv(fd, address, length, flags);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("recv(" + fd + ")", e);
                }
            }
        }
    }

    /**
     * recvfrom(2) into the start of {@code buffer}; the sender's {@code sockaddr} image is written
     * to {@code address} and its length to {@code addressLength[0]} (set it to the capacity
     * first). Returns the byte count.
     */
    public static int recvfrom(int fd, byte[] buffer, int flags, byte[] address, int[] addressLength)
            throws LinuxException {
        while (true) {
            try {
                return (int) Sys.recvfrom(fd, buffer, buffer.length, flags, address, addressLength);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("recvfrom(" + fd + ")", e);
                }
            }
        }
    }

    /** setsockopt(2) with a raw option value. */
    public static void setsockopt(int fd, int level, int option, byte[] value) throws LinuxException {
        try {
            Sys.setsockopt(fd, level, option, value, value.length);
        } catch (LastErrorException e) {
            throw LinuxException.of("setsockopt(" + fd + ", " + level + ", " + option + ")", e);
        }
    }

    /** setsockopt(2) with an {@code int} option value. */
    public static void setsockopt(int fd, int level, int option, int value) throws LinuxException {
        setsockopt(fd, level, option, nativeInt(value));
    }

    /** getsockopt(2) of an {@code int} option. */
    public static int getsockoptInt(int fd, int level, int option) throws LinuxException {
        byte[] value = new byte[Integer.BYTES];
        int[] length = {value.length};
        try {
            Sys.getsockopt(fd, level, option, value, length);
        } catch (LastErrorException e) {
            throw LinuxException.of("getsockopt(" + fd + ", " + level + ", " + option + ")", e);
        }
        return readNativeInt(value);
    }

    /**
     * {@code SO_BINDTODEVICE}: the socket then sends and receives only through {@code ifname}
     * whatever the routing table says. Needs CAP_NET_RAW.
     */
    public static void bindToDevice(int fd, String ifname) throws LinuxException {
        setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, interfaceName(ifname));
    }

    /**
     * Sets DF on a UDP socket's packets and never fragments them, whatever the kernel's path MTU cache says
     * ({@code IP_PMTUDISC_PROBE}, for IPv4 and, on an IPv6 socket, for IPv6): QUIC must not be fragmented
     * (RFC 9000 §14) and probes the path MTU itself (§14.3, RFC 8899). A packet larger than the interface's MTU
     * then fails to send instead of leaving as fragments. On an IPv4 socket the IPv6 option does not exist and
     * is skipped.
     */
    public static void dontFragment(int fd) throws LinuxException {
        setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
        try {
            setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IP_PMTUDISC_PROBE);
        } catch (LinuxException ipv4Socket) {
            // an AF_INET socket has no IPv6 options; the IPv4 one above is all it needs
        }
    }

    /**
     * A socket's receive buffer of {@code bytes}: SO_RCVBUFFORCE where the process may (CAP_NET_ADMIN; beyond
     * {@code net.core.rmem_max}), else SO_RCVBUF, which the kernel caps at {@code net.core.rmem_max}.
     */
    public static void receiveBuffer(int fd, int bytes) throws LinuxException {
        try {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, bytes);
        } catch (LinuxException notPermitted) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, bytes);
        }
    }

    /** setns(2): moves the CALLING THREAD into the namespace that {@code fd} refers to. */
    public static void setns(int fd, int nstype) throws LinuxException {
        try {
            Sys.setns(fd, nstype);
        } catch (LastErrorException e) {
            throw LinuxException.of("setns(" + fd + ", " + nstype + ")", e);
        }
    }

    /** unshare(2): gives the calling thread new namespaces of the kinds in {@code flags}. */
    public static void unshare(int flags) throws LinuxException {
        try {
            Sys.unshare(flags);
        } catch (LastErrorException e) {
            throw LinuxException.of("unshare(" + flags + ")", e);
        }
    }

    /** getuid(2); cannot fail. */
    public static int getuid() {
        return Sys.getuid();
    }

    /** geteuid(2); cannot fail. */
    public static int geteuid() {
        return Sys.geteuid();
    }

    /** if_nametoindex(3) in the calling thread's network namespace. */
    public static int ifNameToIndex(String name) throws LinuxException {
        try {
            int index = Sys.if_nametoindex(name);
            if (index == 0) {
                throw new LinuxException("if_nametoindex(" + name + ")", ENODEV, "No such device");
            }
            return index;
        } catch (LastErrorException e) {
            throw LinuxException.of("if_nametoindex(" + name + ")", e);
        }
    }

    /**
     * poll(2) over {@code count} {@code struct pollfd} entries at {@code fds} ({@link
     * #SIZEOF_POLLFD} bytes each). Returns how many entries have events; 0 on timeout. An EINTR
     * restarts the wait with the full timeout, which only matters for finite timeouts.
     */
    public static int poll(Pointer fds, int count, int timeoutMillis) throws LinuxException {
        while (true) {
            try {
                return Sys.poll(fds, count, timeoutMillis);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw LinuxException.of("poll", e);
                }
            }
        }
    }

    /** eventfd(2). Returns the new descriptor. */
    public static int eventfd(int initialValue, int flags) throws LinuxException {
        try {
            return Sys.eventfd(initialValue, flags);
        } catch (LastErrorException e) {
            throw LinuxException.of("eventfd", e);
        }
    }

    /**
     * An interface name as the kernel wants it: at most {@code IFNAMSIZ - 1} bytes, NUL-terminated.
     *
     * @throws IllegalArgumentException when the name is empty, too long, or contains '/', NUL or
     *     whitespace (the kernel's dev_valid_name rules)
     */
    public static byte[] interfaceName(String ifname) {
        byte[] bytes = ifname.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0
                || bytes.length >= IFNAMSIZ
                || ifname.equals(".")
                || ifname.equals("..")
                || !ifname.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '/' && c != ':')) {
            throw new IllegalArgumentException("invalid interface name '" + ifname + "': 1 to " + (IFNAMSIZ - 1)
                    + " printable ASCII characters without '/' or ':'");
        }
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    private static void checkLength(byte[] buffer, int count) {
        if (count < 0 || count > buffer.length) {
            throw new IndexOutOfBoundsException("count " + count + " outside buffer of " + buffer.length + " bytes");
        }
    }

    private static byte[] nativeInt(int value) {
        return ByteBuffer.allocate(Integer.BYTES)
                .order(ByteOrder.nativeOrder())
                .putInt(value)
                .array();
    }

    private static int readNativeInt(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }
}
