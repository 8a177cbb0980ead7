package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.quicroam.linux.CancellablePoll;
import io.quicroam.linux.Ip;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.linux.NativeFd;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.Privileges;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.StampedLock;

/**
 * A Linux TUN device (IFF_TUN | IFF_NO_PI: every read and write is one bare IP packet). The
 * device exists while this object is open and disappears on {@link #close()} together with its
 * addresses and routes.
 *
 * <p>One thread reads ({@link #read} blocks until a packet arrives or the device closes); any
 * number of threads write. {@link #close()} wakes the reader and waits until no read or write is
 * using the descriptor, so a closed descriptor number, which the kernel reuses, is never touched.
 */
public final class TunDevice implements Closeable {

    static final String CLONE_DEVICE = "/dev/net/tun";

    private final NativeFd fd;
    private final String name;
    private final NetworkNamespace namespace; // null: the process's own namespace
    private final CancellablePoll readable;
    // Read-held by every read/write, write-held by close: a CAS when uncontended, never blocks
    // the packet path except while closing.
    private final StampedLock useGuard = new StampedLock();
    private volatile boolean closed;
    private byte[] readScratch; // reader thread only; for buffers without a native address

    private TunDevice(NativeFd fd, String name, NetworkNamespace namespace, CancellablePoll readable) {
        this.fd = fd;
        this.name = name;
        this.namespace = namespace;
        this.readable = readable;
    }

    /**
     * Creates a TUN device in the calling thread's network namespace.
     *
     * @param requestedName e.g. {@code qr0}, or a pattern such as {@code qr%d} for the kernel to
     *     number; see {@link #name()} for what it chose
     * @throws LinuxException when {@code /dev/net/tun} is missing, privileges lack (the message
     *     says what to run), or the name is taken
     */
    public static TunDevice open(String requestedName) throws LinuxException {
        return open(CLONE_DEVICE, requestedName, null);
    }

    /** Creates a TUN device inside {@code namespace}; the descriptor works from any thread. */
    public static TunDevice open(String requestedName, NetworkNamespace namespace) throws IOException {
        LibC.interfaceName(requestedName); // fail fast, on the caller's thread
        return namespace.call(() -> open(CLONE_DEVICE, requestedName, namespace));
    }

    static TunDevice open(String cloneDevice, String requestedName, NetworkNamespace namespace) throws LinuxException {
        byte[] ifreq = new byte[LibC.SIZEOF_IFREQ];
        byte[] nameBytes = LibC.interfaceName(requestedName);
        System.arraycopy(nameBytes, 0, ifreq, 0, nameBytes.length);
        // struct ifreq: ifr_flags is a native-order short right after the 16-byte name.
        ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).putShort(LibC.IFNAMSIZ, (short)
                (LibC.IFF_TUN | LibC.IFF_NO_PI));

        NativeFd fd = NativeFd.of(openCloneDevice(cloneDevice));
        try {
            try {
                LibC.ioctl(fd.value(), LibC.TUNSETIFF, ifreq, "TUNSETIFF(" + requestedName + ")");
            } catch (LinuxException e) {
                throw explain(e);
            }
            return new TunDevice(fd, kernelName(ifreq), namespace, CancellablePoll.open());
        } catch (LinuxException | RuntimeException e) {
            closeQuietly(fd, e);
            throw e;
        }
    }

    private static int openCloneDevice(String cloneDevice) throws LinuxException {
        try {
            // Non-blocking: the reader waits in poll(), so close() can wake it.
            return LibC.open(cloneDevice, LibC.O_RDWR | LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        } catch (LinuxException e) {
            if (e.errno() == LibC.ENOENT || e.errno() == LibC.ENODEV) {
                throw e.withHint("the TUN driver is missing: load it (modprobe tun) or, in a container, "
                        + "pass the device (docker run --device /dev/net/tun --cap-add NET_ADMIN)");
            }
            throw explain(e);
        }
    }

    private static LinuxException explain(LinuxException e) {
        String hint = switch (e.errno()) {
            case LibC.EPERM, LibC.EACCES -> {
                String missing = Privileges.current().missingNetAdminReason();
                yield missing != null ? missing : "CAP_NET_ADMIN in the device's network namespace is needed";
            }
            case LibC.EBUSY -> "the name is taken by a TUN device that another process has open";
            case LibC.EINVAL -> "the name is taken by a device that is not a TUN device";
            default -> null;
        };
        return hint == null ? e : e.withHint(hint);
    }

    private static String kernelName(byte[] ifreq) {
        int end = 0;
        while (end < LibC.IFNAMSIZ && ifreq[end] != 0) {
            end++;
        }
        return new String(ifreq, 0, end, StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(NativeFd fd, Exception primary) {
        try {
            fd.close();
        } catch (LinuxException e) {
            primary.addSuppressed(e);
        }
    }

    /** The interface name the kernel gave the device (patterns such as {@code qr%d} resolved). */
    public String name() {
        return name;
    }

    /** The device's network namespace, or null for the process's own. */
    NetworkNamespace namespace() {
        return namespace;
    }

    /** {@code ip} commands in the device's network namespace, to configure it. */
    public Ip ip() {
        return namespace == null ? Ip.host() : namespace.ip();
    }

    /**
     * Reads one packet into {@code into} at its writer index, waiting until one arrives. A packet
     * longer than the writable bytes is truncated by the kernel; give it room for the MTU.
     *
     * @return the packet's length, or -1 once the device is closed
     * @throws LinuxException when the read fails, e.g. EBADFD after the interface was deleted
     */
    public int read(ByteBuf into) throws LinuxException {
        long stamp = useGuard.readLock();
        try {
            while (!closed && readable.awaitReadable(fd.value())) {
                int length = readOnce(into);
                if (length > 0) {
                    into.writerIndex(into.writerIndex() + length);
                    return length;
                }
            }
            return -1;
        } finally {
            useGuard.unlockRead(stamp);
        }
    }

    /** One non-blocking read; 0 when another wake-up beat us to it (EAGAIN). */
    private int readOnce(ByteBuf into) throws LinuxException {
        int room = into.writableBytes();
        try {
            if (into.hasMemoryAddress()) {
                return LibC.read(fd.value(), into.memoryAddress() + into.writerIndex(), room);
            }
            if (readScratch == null || readScratch.length < room) {
                readScratch = new byte[room];
            }
            int length = LibC.read(fd.value(), readScratch);
            into.setBytes(into.writerIndex(), readScratch, 0, Math.min(length, room));
            return Math.min(length, room);
        } catch (LinuxException e) {
            if (e.errno() == LibC.EAGAIN) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * Writes the readable bytes of {@code packet} as one IP packet. Does not release it.
     *
     * @throws LinuxException when the kernel refuses it, e.g. EIO while the link is down, or EBADF
     *     once the device is closed
     */
    public void write(ByteBuf packet) throws LinuxException {
        long stamp = useGuard.readLock();
        try {
            if (closed) {
                throw new LinuxException("write(" + name + ")", LibC.EBADF, "TUN device is closed");
            }
            int length = packet.readableBytes();
            if (packet.hasMemoryAddress()) {
                LibC.write(fd.value(), packet.memoryAddress() + packet.readerIndex(), length);
            } else {
                // Heap or composite buffer: one copy (none when it is a whole array).
                byte[] bytes = ByteBufUtil.getBytes(packet, packet.readerIndex(), length, false);
                LibC.write(fd.value(), bytes, length);
            }
        } finally {
            useGuard.unlockRead(stamp);
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Wakes a blocked reader, waits until reads and writes are out, and deletes the device. */
    @Override
    public void close() throws LinuxException {
        if (closed) {
            return;
        }
        closed = true;
        readable.cancel();
        long stamp = useGuard.writeLock();
        try {
            fd.close();
            readable.close();
        } finally {
            useGuard.unlockWrite(stamp);
        }
    }

    @Override
    public String toString() {
        return "tun " + name + (namespace == null ? "" : " in " + namespace);
    }
}
