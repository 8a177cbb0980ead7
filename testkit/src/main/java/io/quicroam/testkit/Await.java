package io.quicroam.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting, in real time, for something a real gateway and agent do on their own threads. */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /** Polls {@code condition} until it holds; an {@link AssertionError} naming {@code description} after {@code timeout}. */
    public static void until(String description, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + description);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
