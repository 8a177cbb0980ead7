package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One path AVAILABLE, the others BACKUP. The AVAILABLE path is kept while it is capable; when it goes (closed,
 * SUSPECT, FAILED) the best capable path by policy takes over at once. A better-ranked path that comes back
 * takes over once it has been capable for {@code move-back-after} and then passes an audition (fresh probes at the
 * active pace, {@code Audition}): a timer alone says nothing of whether it works now, and a network whose uplink loses
 * a third of its packets answers most probes sent every 25 s. Each time that path failed or was demoted since it was
 * last healthy for long (a failed audition included) doubles the wait ({@link Probation}), so one bad network causes a
 * few handovers, not one every {@code move-back-after}. A SUSPECT or FAILED carrier is left for the best capable path
 * not on probation after such a failure; for one on probation if its network is gone (SUSPECT and silent, or FAILED),
 * or once it passed an audition: a carrier that is merely slow or lossy still delivers most of its traffic, so a path
 * that failed lately must show that it does better now. A wavering carrier has the paths on probation auditioned too,
 * so that one is ready if the carrier fades ({@code Takeovers}).
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
        Set<PathId> auditions = Set.of();
        List<PathView> waiting = onProbation(paths, nowNanos);
        if (best.isEmpty()) {
            chosen = current != null && current.state() != PathState.FAILED
                    ? current
                    : Ranking.lastResort(paths).orElse(null);
        } else if (current != null && (current.state() == PathState.SUSPECT || current.state() == PathState.FAILED)) {
            Optional<PathView> steady = steady(paths, nowNanos);
            if (steady.isPresent()) {
                chosen = steady.get();
                if (current.state() == PathState.SUSPECT && probation.on(chosen, nowNanos)) {
                    // Its audition passed just now: what moves the traffic is still the carrier's lost probes.
                    reason = Optional.of(Trigger.PROBE_LOSS);
                }
            } else if (current.state() == PathState.FAILED || current.silent()) {
                // Gone, or demoted for fading: the path manager demotes onto a path on probation only to undo its own
                // last demotion.
                chosen = best.get();
            } else {
                chosen = current;
                auditions = ids(waiting);
                reconsider =
                        waiting.stream().mapToLong(probation::stableAtNanos).min();
            }
        } else if (current == null || !current.capable()) {
            chosen = best.get();
        } else if (Ranking.POLICY.compare(best.get(), current) < 0) {
            long stableAt = probation.stableAtNanos(best.get());
            chosen = current;
            if (nowNanos < stableAt) {
                reconsider = OptionalLong.of(stableAt);
            } else if (best.get().proven()) {
                chosen = best.get();
                reason = Optional.of(Trigger.PREFERRED_RETURNED);
            } else {
                auditions = Set.of(best.get().id()); // the path manager asks again when it passes
            }
        } else {
            chosen = current;
        }
        if (chosen == current && current != null && current.capable() && current.wavering(nowNanos)) {
            // A carrier that may fade soon: have the paths on probation show whether they could take over.
            Set<PathId> union = new HashSet<>(auditions);
            union.addAll(ids(waiting));
            auditions = union;
        }
        active = chosen == null ? null : chosen.id();
        Map<PathId, PathRole> roles = new HashMap<>();
        for (PathView p : paths) {
            roles.put(p.id(), p.id().equals(active) ? PathRole.AVAILABLE : PathRole.BACKUP);
        }
        return new Plan(roles, reason, reconsider, auditions);
    }

    /** The best capable path not on probation, or on probation but proven by an audition. */
    private Optional<PathView> steady(List<PathView> paths, long nowNanos) {
        return paths.stream()
                .filter(p -> p.capable() && (p.proven() || !probation.on(p, nowNanos)))
                .min(Ranking.WITH_TIE_BREAK);
    }

    /** The capable paths on probation: the ones that must show they work now before they take the traffic. */
    private List<PathView> onProbation(List<PathView> paths, long nowNanos) {
        return paths.stream()
                .filter(p -> p.capable() && probation.on(p, nowNanos))
                .toList();
    }

    private static Set<PathId> ids(List<PathView> paths) {
        return paths.stream().map(PathView::id).collect(Collectors.toSet());
    }
}
