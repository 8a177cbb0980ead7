package io.quicroam.masque.extension;

/**
 * Remembers which sequence numbers of a redundant stream were delivered, so each is delivered once whichever path
 * brings it first. A sliding window of {@value #WINDOW} numbers: anything older than the window is taken as a late
 * duplicate. Thread-safe (paths may deliver from different threads); uncontended in practice.
 */
public final class DuplicateFilter {
    public static final int WINDOW = 4096;
    private final long[] seen = new long[WINDOW / 64];
    private long highest = -1;

    /** True the first time {@code sequence} is offered, false for a duplicate or a number older than the window. */
    public synchronized boolean firstTime(long sequence) {
        if (sequence > highest) {
            for (long s = Math.max(highest + 1, sequence - WINDOW + 1); s < sequence; s++) {
                clear(s);
            }
            highest = sequence;
            set(sequence);
            return true;
        }
        if (sequence <= highest - WINDOW) {
            return false;
        }
        if (isSet(sequence)) {
            return false;
        }
        set(sequence);
        return true;
    }

    private void set(long s) {
        seen[index(s)] |= 1L << (s & 63);
    }

    private void clear(long s) {
        seen[index(s)] &= ~(1L << (s & 63));
    }

    private boolean isSet(long s) {
        return (seen[index(s)] & 1L << (s & 63)) != 0;
    }

    private static int index(long s) {
        return (int) ((s / 64) % (WINDOW / 64));
    }
}
