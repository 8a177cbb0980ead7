package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The capable path with the lowest smoothed RTT is AVAILABLE (backup-only paths only when nothing else is
 * capable). To avoid see-sawing between two similar paths, the current one is replaced only by one at least
 * {@link #MARGIN} faster, or at once when it stops being capable.
 */
public final class LowestRttScheduler implements PathScheduler {
    /** A challenger must be 20% faster: smoothed RTTs of two good paths wander by about that much. */
    static final double MARGIN = 0.2;

    private PathId active;

    @Override
    public Plan decide(List<PathView> paths, long nowNanos) {
        PathView current =
                paths.stream().filter(p -> p.id().equals(active)).findFirst().orElse(null);
        Comparator<PathView> fastest = Comparator.comparing(
                        (PathView p) -> p.policy().backupOnly())
                .thenComparing(p -> !p.hasRtt())
                .thenComparingLong(PathView::srttNanos)
                .thenComparing(Ranking.WITH_TIE_BREAK);
        Optional<PathView> best = paths.stream().filter(PathView::capable).min(fastest);
        PathView chosen;
        Optional<Trigger> reason = Optional.empty();
        if (best.isEmpty()) {
            chosen = current != null && current.state() != PathState.FAILED
                    ? current
                    : Ranking.lastResort(paths).orElse(null);
        } else if (current == null
                || !current.capable()
                || (current.policy().backupOnly() && !best.get().policy().backupOnly())) {
            chosen = best.get();
        } else if (best.get().hasRtt()
                && current.hasRtt()
                && best.get().srttNanos() < current.srttNanos() * (1 - MARGIN)) {
            chosen = best.get();
            reason = Optional.of(Trigger.RTT_INFLATION);
        } else {
            chosen = current;
        }
        active = chosen == null ? null : chosen.id();
        Map<PathId, PathRole> roles = new HashMap<>();
        for (PathView p : paths) {
            roles.put(p.id(), p.id().equals(active) ? PathRole.AVAILABLE : PathRole.BACKUP);
        }
        return new Plan(roles, reason, OptionalLong.empty());
    }
}
