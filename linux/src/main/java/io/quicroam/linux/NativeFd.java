package io.quicroam.linux;

import java.io.Closeable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An owned file descriptor that is closed exactly once. The number must not be used after
 * {@link #close()}: the kernel hands it to the next open, so whoever reads or writes it must
 * have stopped first.
 */
public final class NativeFd implements Closeable {

    private final int value;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private NativeFd(int value) {
        this.value = value;
    }

    /** Takes ownership of a descriptor a LibC call returned. */
    public static NativeFd of(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + value);
        }
        return new NativeFd(value);
    }

    /** The descriptor number, for LibC calls. */
    public int value() {
        return value;
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isOpen() {
        return open.get();
    }

    /** Closes the descriptor; later calls do nothing. */
    @Override
    public void close() throws LinuxException {
        if (open.compareAndSet(true, false)) {
            LibC.close(value);
        }
    }

    @Override
    public String toString() {
        return "fd " + value + (isOpen() ? "" : " (closed)");
    }
}
