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
 * doubles that wait ({@link #MAX_DOUBLINGS} times at most), so one bad network causes a few handovers, not one every
 * {@code move-back-after}. A SUSPECT path is left only for a capable path not on probation after such a failure
 * ({@link #onProbation}); only a FAILED one for any capable path.
 */
public final class ActiveBackupScheduler implements PathScheduler {
    static final int MAX_DOUBLINGS = 5;

    private final long moveBackAfterNanos;
    private PathId active;

    public ActiveBackupScheduler(Duration moveBackAfter) {
        this.moveBackAfterNanos = moveBackAfter.toNanos();
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
        } else if (current != null && current.state() == PathState.SUSPECT) {
            chosen = paths.stream()
                    .filter(p -> p.capable() && !onProbation(p, nowNanos))
                    .min(Ranking.WITH_TIE_BREAK)
                    .orElse(current);
            if (chosen == current) {
                reconsider = paths.stream()
                        .filter(p -> p.capable() && onProbation(p, nowNanos))
                        .mapToLong(p -> p.stateSinceNanos() + moveBackWaitNanos(p))
                        .min();
            }
        } else if (current == null || !current.capable()) {
            chosen = best.get();
        } else if (Ranking.POLICY.compare(best.get(), current) < 0) {
            long stableAt = best.get().stateSinceNanos() + moveBackWaitNanos(best.get());
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

    /**
     * A path that failed or was demoted lately and has not yet been capable for its move-back wait: it answered a
     * trial, which a network losing a third of its packets does, but has not shown that it works now. It takes traffic
     * from a path that FAILED, not from one that is only SUSPECT: a suspect path still delivers most of its traffic,
     * and handing it back and forth is what flapping costs.
     */
    private boolean onProbation(PathView p, long nowNanos) {
        return p.failures() > 0 && nowNanos < p.stateSinceNanos() + moveBackWaitNanos(p);
    }

    private long moveBackWaitNanos(PathView preferred) {
        int doublings = Math.min(MAX_DOUBLINGS, Math.max(0, preferred.failures() - 1));
        return moveBackAfterNanos << doublings;
    }
}
