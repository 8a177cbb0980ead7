package io.quicroam.pathmanager.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Time that moves only when told: {@link #advance} runs every task that falls due, in due order (ties in the order
 * they were scheduled), with {@link #nanos()} set to each task's due time. Single-threaded, for tests and the
 * simulator. {@link #execute} runs at once, or right after the running task when called from inside one, which is
 * what a single-thread executor does.
 */
public final class VirtualTime implements TimeSource {
    private static final Instant ORIGIN = Instant.parse("2025-01-01T00:00:00Z");

    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order));
    private final ArrayDeque<Runnable> immediate = new ArrayDeque<>();
    private long now;
    private long order;
    private boolean running;

    private static final class Task implements Cancellable {
        final long due;
        final long order;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                return ORIGIN.plusNanos(now);
            }
        };
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + Math.max(0, delay.toNanos()), order++, task);
        queue.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        immediate.add(task);
        if (!running) {
            drainImmediate();
        }
    }

    /** Moves time forward by {@code d}, running every task due up to then. */
    public void advance(Duration d) {
        long target = now + d.toNanos();
        drainImmediate();
        while (!queue.isEmpty() && queue.peek().due <= target) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            now = Math.max(now, t.due);
            immediate.add(t.body);
            drainImmediate();
        }
        now = target;
    }
    /** Tasks still waiting (cancelled ones excluded). */
    public long pendingTasks() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    private void drainImmediate() {
        running = true;
        try {
            Runnable r;
            while ((r = immediate.poll()) != null) {
                r.run();
            }
        } finally {
            running = false;
        }
    }
}
