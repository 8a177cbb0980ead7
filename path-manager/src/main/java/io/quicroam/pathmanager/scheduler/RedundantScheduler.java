package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
        PathId chosen = base.roles().entrySet().stream()
                .filter(e -> e.getValue() == PathRole.AVAILABLE)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
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
        Map<PathId, PathRole> roles = new HashMap<>(base.roles());
        OptionalLong reconsider = base.reconsiderAtNanos();
        if (secondary != null) {
            roles.put(secondary, PathRole.AVAILABLE);
            long until = secondaryUntilNanos;
            reconsider = OptionalLong.of(reconsider.isPresent() ? Math.min(reconsider.getAsLong(), until) : until);
        }
        return new Plan(roles, reason, reconsider);
    }

    private static boolean usable(List<PathView> paths, PathId id) {
        return paths.stream().anyMatch(p -> p.id().equals(id) && p.state() != PathState.FAILED);
    }
}
