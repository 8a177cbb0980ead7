package io.quicroam.linux;

import com.sun.jna.Memory;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Blocks a reader thread until a descriptor is readable, and lets another thread cancel that
 * wait at once: the reader polls its descriptor together with an eventfd that {@link #cancel()}
 * makes readable. This is how a blocking read loop (TUN, netlink) stops cleanly without
 * closing a descriptor under a thread that is still using it.
 *
 * <p>One thread waits; any thread may cancel. After {@link #cancel()} every wait returns false
 * at once, so the reader leaves its loop and the owner closes both descriptors.
 */
public final class CancellablePoll implements Closeable {

    /** An eventfd write adds a native-order uint64 to its counter. */
    private static final byte[] ONE = ByteBuffer.allocate(Long.BYTES)
            .order(ByteOrder.nativeOrder())
            .putLong(1)
            .array();

    private final NativeFd wakeup;
    private final Memory pollFds = new Memory(2L * LibC.SIZEOF_POLLFD);
    private volatile boolean cancelled;

    private CancellablePoll(NativeFd wakeup) {
        this.wakeup = wakeup;
    }

    /** Opens the eventfd the cancellation rides on. */
    public static CancellablePoll open() throws LinuxException {
        return new CancellablePoll(NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK)));
    }

    /**
     * Waits until {@code fd} is readable or has an error or hang-up to report (the next read
     * returns it).
     *
     * @return true when {@code fd} is ready, false when the wait was cancelled
     * @throws LinuxException when poll fails or {@code fd} is not an open descriptor
     */
    public boolean awaitReadable(int fd) throws LinuxException {
        if (cancelled) {
            return false;
        }
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setShort(6, (short) 0);
        pollFds.setInt(LibC.SIZEOF_POLLFD, wakeup.value());
        pollFds.setShort(LibC.SIZEOF_POLLFD + 4, LibC.POLLIN);
        pollFds.setShort(LibC.SIZEOF_POLLFD + 6, (short) 0);
        LibC.poll(pollFds, 2, -1);
        short revents = pollFds.getShort(6);
        if (cancelled || pollFds.getShort(LibC.SIZEOF_POLLFD + 6) != 0) {
            return false;
        }
        if ((revents & LibC.POLLNVAL) != 0) {
            throw new LinuxException("poll(" + fd + ")", LibC.EBADF, "not an open file descriptor");
        }
        return true;
    }

    /** Makes the current and every later {@link #awaitReadable} return false. Idempotent. */
    public void cancel() throws LinuxException {
        if (!cancelled) {
            cancelled = true;
            LibC.write(wakeup.value(), ONE, ONE.length);
        }
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Closes the eventfd; call once the waiting thread has left {@link #awaitReadable}. */
    @Override
    public void close() throws LinuxException {
        wakeup.close();
    }
}
