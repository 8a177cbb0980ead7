package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Active-backup, except during a handover: when the primary path changes and the old one is still open and not
 * FAILED, both are AVAILABLE for {@code handover-window} (the agent duplicates packets, the receiver de-duplicates),
 * then only the new one. No packet is lost to a switch that turns out premature.
 */
public final class RedundantScheduler implements PathScheduler {
    private final PathScheduler primaryChooser;
    private final long windowNanos;
    private PathId primary;
    private PathId secondary;
    private long secondaryUntilNanos;

    public RedundantScheduler(PathScheduler primaryChooser, Duration handoverWindow) {
        this.primaryChooser = primaryChooser;
        this.windowNanos = handoverWindow.toNanos();
    }

    @Override
    public Plan decide(List<PathView> paths, long nowNanos) {
        Plan base = primaryChooser.decide(paths, nowNanos);
        PathId chosen = base.available().stream().findFirst().orElse(null);
        if (primary != null && chosen != null && !chosen.equals(primary) && usable(paths, primary) && windowNanos > 0) {
            secondary = primary;
            secondaryUntilNanos = nowNanos + windowNanos;
        }
        primary = chosen;
        Optional<Trigger> reason = base.reason();
        if (secondary != null
                && (secondary.equals(primary) || !usable(paths, secondary) || nowNanos >= secondaryUntilNanos)) {
            if (nowNanos >= secondaryUntilNanos && reason.isEmpty()) {
                reason = Optional.of(Trigger.HANDOVER_WINDOW_ENDED);
            }
            secondary = null;
        }
        return secondary != null ? base.withCopiesOn(secondary, reason, secondaryUntilNanos) : base.because(reason);
    }

    private static boolean usable(List<PathView> paths, PathId id) {
        return paths.stream().anyMatch(p -> p.id().equals(id) && p.state() != PathState.FAILED);
    }
}
