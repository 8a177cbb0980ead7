package io.quicroam.pathmanager.health;

import java.time.Duration;

/**
 * How often the paths of one interface failed or were demoted since it was last healthy for
 * {@link #HEALTHY_RESET}: what doubles the wait before traffic moves back to it. Kept per interface by the path
 * manager, so a path whose connection was replaced (a new path on the same network) inherits its record: a network
 * does not become trustworthy by being reconnected to. Single-threaded, on the caller's clock.
 */
public final class FailureRecord {
    /** An interface healthy this long starts again with a clean record. */
    public static final Duration HEALTHY_RESET = Duration.ofSeconds(60);

    private static final long NEVER = Long.MIN_VALUE;

    private int failures;
    private long healthySinceNanos = NEVER;

    /** A path of the interface failed or was demoted. */
    void failed(long nowNanos) {
        if (healthySinceNanos != NEVER && nowNanos - healthySinceNanos >= HEALTHY_RESET.toNanos()) {
            failures = 0;
        }
        failures++;
        healthySinceNanos = NEVER;
    }

    /** A path of the interface became capable. */
    void healthy(long nowNanos) {
        if (healthySinceNanos == NEVER) {
            healthySinceNanos = nowNanos;
        }
    }

    /** The failures on record were not the network's (the connection it carried was gone): none count. */
    public void pardon() {
        failures = 0;
    }

    /** Failures and demotions since the interface was last healthy for {@link #HEALTHY_RESET}. */
    public int failures() {
        return failures;
    }
}
