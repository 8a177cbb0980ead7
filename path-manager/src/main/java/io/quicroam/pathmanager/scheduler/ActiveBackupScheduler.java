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
 * One path AVAILABLE, the others BACKUP. The AVAILABLE path is kept while it is capable; when it goes (closed,
 * SUSPECT, FAILED) the best capable path by policy takes over at once. A better-ranked path that comes back
 * takes over only once it has been capable for {@code move-back-after}, so a flapping preferred network does
 * not drag traffic back and forth; each time that path failed or was demoted since it was last healthy for long
 * doubles that wait ({@link Probation}), so one bad network causes a few handovers, not one every
 * {@code move-back-after}. A SUSPECT or FAILED carrier is left for the best capable path not on probation after
 * such a failure; for one on probation only if its network is gone (SUSPECT and silent, or FAILED): a carrier that is
 * merely slow or lossy still delivers most of its traffic, and handing it back and forth is what flapping costs.
 */
public final class ActiveBackupScheduler implements PathScheduler {
    private final Probation probation;
    private PathId active;

    public ActiveBackupScheduler(Duration moveBackAfter) {
        this.probation = new Probation(moveBackAfter);
    }

    @Override
    public Plan decide(List<PathView> paths, long nowNanos) {
        PathView current =
                paths.stream().filter(p -> p.id().equals(active)).findFirst().orElse(null);
        Optional<PathView> best = paths.stream().filter(PathView::capable).min(Ranking.WITH_TIE_BREAK);
        PathView chosen;
        Optional<Trigger> reason = Optional.empty();
        OptionalLong reconsider = OptionalLong.empty();
        if (best.isEmpty()) {
            chosen = current != null && current.state() != PathState.FAILED
                    ? current
                    : Ranking.lastResort(paths).orElse(null);
        } else if (current != null && (current.state() == PathState.SUSPECT || current.state() == PathState.FAILED)) {
            Optional<PathView> steady = steady(paths, nowNanos);
            if (steady.isPresent()) {
                chosen = steady.get();
            } else if (current.state() == PathState.FAILED || current.silent()) {
                // Gone, or demoted for fading: the path manager demotes onto a path on probation only to undo its own
                // last demotion.
                chosen = best.get();
            } else {
                chosen = current;
                reconsider = paths.stream()
                        .filter(p -> p.capable() && probation.on(p, nowNanos))
                        .mapToLong(probation::stableAtNanos)
                        .min();
            }
        } else if (current == null || !current.capable()) {
            chosen = best.get();
        } else if (Ranking.POLICY.compare(best.get(), current) < 0) {
            long stableAt = probation.stableAtNanos(best.get());
            if (nowNanos >= stableAt) {
                chosen = best.get();
                reason = Optional.of(Trigger.PREFERRED_RETURNED);
            } else {
                chosen = current;
                reconsider = OptionalLong.of(stableAt);
            }
        } else {
            chosen = current;
        }
        active = chosen == null ? null : chosen.id();
        Map<PathId, PathRole> roles = new HashMap<>();
        for (PathView p : paths) {
            roles.put(p.id(), p.id().equals(active) ? PathRole.AVAILABLE : PathRole.BACKUP);
        }
        return new Plan(roles, reason, reconsider);
    }

    /** The best capable path not on probation. */
    private Optional<PathView> steady(List<PathView> paths, long nowNanos) {
        return paths.stream()
                .filter(p -> p.capable() && !probation.on(p, nowNanos))
                .min(Ranking.WITH_TIE_BREAK);
    }
}
