package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathView;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How paths compare by policy: not backup-only first, then lower priority; name as a stable tie-break. */
final class Ranking {
    /** Policy preference only: what "a preferred network" means for moving back. */
    static final Comparator<PathView> POLICY = Comparator.comparing(
                    (PathView p) -> p.policy().backupOnly())
            .thenComparingInt(p -> p.policy().priority());

    static final Comparator<PathView> WITH_TIE_BREAK = POLICY.thenComparing(p -> p.id().label());

    private Ranking() {}

    /**
     * When no path is capable: the one still open and not failed that is most likely to work, a SUSPECT one (it
     * worked until recently) before a PROBING one (not yet heard).
     */
    static Optional<PathView> lastResort(List<PathView> paths) {
        return paths.stream()
                .filter(p -> p.state() == PathState.SUSPECT || p.state() == PathState.PROBING)
                .min(Comparator.comparing((PathView p) -> p.state() != PathState.SUSPECT)
                        .thenComparing(WITH_TIE_BREAK));
    }
}
