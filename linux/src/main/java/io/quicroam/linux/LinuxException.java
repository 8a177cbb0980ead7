package io.quicroam.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;

/**
 * A Linux system call failed: which call (with what it was applied to), the errno and its
 * {@code strerror} text. Callers branch on {@link #errno()} against the {@code E*} constants of
 * {@link LibC}.
 */
public final class LinuxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String description;

    /**
     * @param call the failed call and what it was applied to, e.g. {@code "open(/dev/net/tun)"}
     * @param errno the error number
     * @param description the {@code strerror} text for {@code errno}
     */
    public LinuxException(String call, int errno, String description) {
        super(call + " failed: " + description + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
        this.description = description;
    }

    /** Converts JNA's errno report, whose message is "[errno] strerror text". */
    static LinuxException of(String call, LastErrorException e) {
        String text = e.getMessage();
        String prefix = "[" + e.getErrorCode() + "] ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        LinuxException wrapped = new LinuxException(call, e.getErrorCode(), text);
        wrapped.initCause(e);
        return wrapped;
    }

    /** A copy that says more about the failure, e.g. which privilege is missing. */
    public LinuxException withHint(String hint) {
        LinuxException hinted = new LinuxException(call, errno, description + "; " + hint);
        hinted.initCause(this);
        return hinted;
    }

    /** The failed call and what it was applied to. */
    public String call() {
        return call;
    }

    /** The error number ({@code errno}). */
    public int errno() {
        return errno;
    }

    /** The {@code strerror} text of {@link #errno()}. */
    public String description() {
        return description;
    }
}
