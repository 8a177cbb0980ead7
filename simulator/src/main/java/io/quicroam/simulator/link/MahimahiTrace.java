package io.quicroam.simulator.link;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A mahimahi packet-delivery trace: one millisecond offset per line, each line one delivery opportunity (see
 * {@link RateModel.TraceRate} for how opportunities are spent). The trace repeats with its last offset as the
 * period. Loading enforces mahimahi's own rules (src/frontend/link_queue.cc): no empty line, offsets never
 * decrease, at least one line, last offset &gt; 0. Immutable.
 */
public final class MahimahiTrace {
    /** IP bytes one opportunity carries, as mahimahi's trace documentation and rate figures count them. */
    public static final int IP_BYTES_PER_OPPORTUNITY = 1500;

    private static final int GZIP_MAGIC = 0x8b1f;

    private final String source;
    private final long[] offsetsMillis;

    private MahimahiTrace(String source, long[] offsetsMillis) {
        this.source = source;
        this.offsetsMillis = offsetsMillis;
    }

    /** Loads a trace file, plain or gzip-compressed (recognised by its magic bytes); errors name the file and line. */
    public static MahimahiTrace load(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int magic = raw.read() | raw.read() << 8;
            raw.reset();
            InputStream in = magic == GZIP_MAGIC ? new GZIPInputStream(raw) : raw;
            return parse(file.getFileName().toString(), new InputStreamReader(in, StandardCharsets.US_ASCII));
        }
    }

    /** Parses trace text; {@code source} names it in error messages. */
    public static MahimahiTrace parse(String source, Reader text) throws IOException {
        BufferedReader reader = new BufferedReader(text);
        long[] offsets = new long[1024];
        int count = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            int lineNumber = count + 1;
            if (line.isEmpty()) {
                throw new TraceFormatException(source, lineNumber, "invalid empty line");
            }
            long millis = parseMillis(source, lineNumber, line);
            if (count > 0 && millis < offsets[count - 1]) {
                throw new TraceFormatException(
                        source,
                        lineNumber,
                        "timestamps must not decrease (" + millis + " after " + offsets[count - 1] + ")");
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = millis;
        }
        if (count == 0) {
            throw new TraceFormatException(source, 0, "no timestamps found");
        }
        if (offsets[count - 1] == 0) {
            throw new TraceFormatException(source, count, "the trace must last a nonzero time (last timestamp is 0)");
        }
        return new MahimahiTrace(source, Arrays.copyOf(offsets, count));
    }

    /**
     * A trace from offsets already in memory (a generated one), under the same rules as a file: at least one
     * offset, none decreasing, the last &gt; 0. The array is copied.
     */
    public static MahimahiTrace of(String source, long[] offsetsMillis) {
        if (offsetsMillis.length == 0 || offsetsMillis[offsetsMillis.length - 1] <= 0) {
            throw new IllegalArgumentException(source + ": a trace needs offsets and a last offset > 0");
        }
        for (int i = 0; i < offsetsMillis.length; i++) {
            if (offsetsMillis[i] < (i == 0 ? 0 : offsetsMillis[i - 1])) {
                throw new IllegalArgumentException(source + ": offsets must be >= 0 and never decrease (at " + i + ")");
            }
        }
        return new MahimahiTrace(source, offsetsMillis.clone());
    }

    private static long parseMillis(String source, int lineNumber, String line) throws TraceFormatException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new TraceFormatException(
                        source, lineNumber, "expected a millisecond offset (decimal digits only), got '" + line + "'");
            }
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(source, lineNumber, "timestamp out of range: '" + line + "'");
        }
    }

    /** Where the trace came from (file name), for reports and errors. */
    public String source() {
        return source;
    }

    /** Number of lines, i.e. delivery opportunities per period. */
    public int opportunities() {
        return offsetsMillis.length;
    }

    /** The offset of line {@code index} (0-based), in milliseconds. */
    public long offsetMillis(int index) {
        return offsetsMillis[index];
    }

    /** The period after which the trace repeats: its last offset (not last + 1, as in mahimahi). */
    public long periodMillis() {
        return offsetsMillis[offsetsMillis.length - 1];
    }

    /** lines × 1500 B × 8 / period: the IP-level rate a saturated link gets (the figure the trace README lists). */
    public double meanRateBitsPerSecond() {
        return offsetsMillis.length * (double) IP_BYTES_PER_OPPORTUNITY * 8 * 1000 / periodMillis();
    }

    @Override
    public String toString() {
        return "MahimahiTrace[" + source + ", " + opportunities() + " opportunities per " + periodMillis() + " ms]";
    }
}
