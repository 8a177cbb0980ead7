package io.quicroam.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a packet's time goes, hop by hop: each hop of the datapath (device read, datagram queued, drained on the
 * event loop, flushed into the socket, read from the socket, egress, ...) calls {@link #mark} with its name, and
 * {@code quicroam bench latency} reads the marks of each round trip ({@link #take}) when it sends one ping at a time.
 *
 * <p>Off unless the JVM runs with {@code -Dquicroam.probe=true}: {@link #ENABLED} is a constant, so when it is false
 * the JIT removes every call and the datapath pays nothing. Bench-only: with several packets in flight the marks of
 * different packets interleave, and nothing outside the benchmark reads them.
 */
public final class HopProbe {
    /** Whether the marks are taken; fixed when the class loads. */
    public static final boolean ENABLED = Boolean.getBoolean("quicroam.probe");

    /** The most marks one round trip keeps; later ones are counted, not kept. */
    private static final int CAPACITY = 64;

    private static final AtomicInteger next = new AtomicInteger();
    private static final long[] times = new long[CAPACITY];
    private static final String[] names = new String[CAPACITY];

    private HopProbe() {}

    /** The packet being traced passed {@code hop} now. */
    public static void mark(String hop) {
        if (!ENABLED) {
            return;
        }
        int index = next.getAndIncrement();
        if (index < CAPACITY) {
            times[index] = System.nanoTime();
            names[index] = hop;
        }
    }

    /** The marks since the last call, in order, and starts afresh. */
    public static Marks take() {
        int count = Math.min(next.get(), CAPACITY);
        Marks marks = new Marks(names.clone(), times.clone(), count);
        next.set(0);
        return marks;
    }

    /** One round trip's marks: {@code count} hop names and their {@link System#nanoTime()}s. */
    public record Marks(String[] names, long[] times, int count) {}
}
