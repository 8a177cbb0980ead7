package io.quicroam.cli;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Numbered pings through something that echoes them, at most {@code outstanding} unanswered at once, each answer
 * timed from the moment its ping was handed over. The sender is the calling thread (as a TUN reader is); answers
 * arrive on the echo's own thread and wake it. A ping unanswered for a second is counted lost, never waited for.
 */
abstract class PingPong implements AutoCloseable {
    private static final long LOST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private volatile AtomicLongArray sentAt = new AtomicLongArray(0);
    private volatile AtomicLongArray rtt = new AtomicLongArray(0);
    private volatile Semaphore window = new Semaphore(0);

    /** Hands ping number {@code seq} of {@code size} bytes to the echo. */
    abstract void send(int seq, int size);

    /** Called by subclasses, on any thread, when the answer to {@code seq} arrived. */
    final void answered(int seq) {
        long now = System.nanoTime();
        AtomicLongArray sent = sentAt;
        if (seq < 0 || seq >= sent.length()) {
            return;
        }
        long at = sent.getAndSet(seq, 0);
        if (at != 0) {
            rtt.set(seq, now - at);
            window.release();
        }
    }

    /**
     * One run: {@code warmup} pings not counted, then {@code count} timed ones, {@code gapNanos} apart (0: back to
     * back). Must not overlap another run of this instance.
     */
    final LatencyStats run(int size, int outstanding, int warmup, int count, long gapNanos)
            throws InterruptedException {
        int total = warmup + count;
        sentAt = new AtomicLongArray(total);
        rtt = new AtomicLongArray(total);
        window = new Semaphore(outstanding);
        for (int seq = 0; seq < total; seq++) {
            // A ping unanswered this long is lost: send the next one anyway, so the window stays full.
            window.tryAcquire(LOST_AFTER_NANOS, TimeUnit.NANOSECONDS);
            if (gapNanos > 0) {
                LockSupport.parkNanos(gapNanos);
            }
            sentAt.set(seq, System.nanoTime());
            send(seq, size);
        }
        window.tryAcquire(outstanding, LOST_AFTER_NANOS, TimeUnit.NANOSECONDS);
        long[] timed = new long[count];
        int answered = 0;
        for (int seq = warmup; seq < total; seq++) {
            long value = rtt.get(seq);
            if (value > 0) {
                timed[answered++] = value;
            }
        }
        return LatencyStats.of(timed, answered, count - answered);
    }
}
