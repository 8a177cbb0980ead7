package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.path.PathView;
import java.time.Duration;

/**
 * A path that failed or was demoted lately ({@link PathView#failures}) is on probation until it has been capable for
 * its move-back wait: {@code move-back-after}, doubled for each such failure since it was last healthy for long
 * ({@link #MAX_DOUBLINGS} times at most). It has answered a trial, which a network losing a third of its packets does,
 * but not shown that it works now. So it takes the traffic from a carrier whose network is gone (FAILED, or SUSPECT
 * and silent), not from one that is merely slow or fading: that one still delivers most of its traffic, and handing it
 * back and forth is what flapping costs. Shared by the active-backup scheduler and the path manager's fade demotions.
 */
public final class Probation {
    static final int MAX_DOUBLINGS = 5;

    private final long moveBackAfterNanos;

    public Probation(Duration moveBackAfter) {
        this.moveBackAfterNanos = moveBackAfter.toNanos();
    }

    /** Whether {@code p} is on probation at {@code nowNanos}. */
    public boolean on(PathView p, long nowNanos) {
        return p.failures() > 0 && nowNanos < stableAtNanos(p);
    }

    /** When {@code p}, capable since its state began, will have been so for its move-back wait. */
    long stableAtNanos(PathView p) {
        int doublings = Math.min(MAX_DOUBLINGS, Math.max(0, p.failures() - 1));
        return p.stateSinceNanos() + (moveBackAfterNanos << doublings);
    }
}
