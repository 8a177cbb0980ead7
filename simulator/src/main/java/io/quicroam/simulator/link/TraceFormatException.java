package io.quicroam.simulator.link;

import java.io.IOException;

/**
 * A mahimahi trace that breaks the format's rules, located in its source: {@link #getMessage()} reads like
 * {@code Verizon-LTE-short.up.gz:12: timestamps must not decrease (41 after 42)}. The line is 1-based; 0 when the
 * error concerns the whole file.
 */
public final class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    public TraceFormatException(String source, int line, String detail) {
        super(source + (line > 0 ? ":" + line : "") + ": " + detail);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
