package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Covers a wavering carrier: while the one path carrying traffic shows early signs of a fade (a few packets lost, an
 * inflated RTT: short of what demotes it, see {@code FadeDetector}), the best other capable path that does not waver
 * carries a copy of every packet, and the receiver keeps the first. A fade loses packets from its first moments,
 * seconds before enough are lost to judge it; covered, those losses cost nothing, and a false alarm costs only the
 * copies. Only where the session can carry copies (quicroam's sequenced datagrams, bonded mode): elsewhere the plan
 * passes unchanged.
 *
 * <p>A carrier that keeps wavering (a network that always loses a little) is covered for at most {@link #MAX_COVER}
 * at a time, then not for {@link #REST}: the standby is often a metered network, and doubling its traffic for good
 * is a cost the user did not choose. A standby that wavers itself (the copies are more than it carries: a cell at a
 * few hundred kbit/s fills its queue with them) stops covering at once, and covers again once it is calm: within the
 * same episode, so the limit holds.
 */
final class CoveringScheduler implements PathScheduler {
    static final Duration MAX_COVER = Duration.ofSeconds(10);
    static final Duration REST = Duration.ofSeconds(60);

    private final PathScheduler primaryChooser;
    private final BooleanSupplier copiesCarried;
    /** The path being covered, or null. */
    private PathId covered;

    private long coveredSinceNanos;
    private long restUntilNanos = Long.MIN_VALUE;

    /** @param copiesCarried whether the session can carry a packet on two paths at once, the receiver keeping one */
    CoveringScheduler(PathScheduler primaryChooser, BooleanSupplier copiesCarried) {
        this.primaryChooser = primaryChooser;
        this.copiesCarried = copiesCarried;
    }

    @Override
    public Plan decide(List<PathView> paths, long nowNanos) {
        Plan base = primaryChooser.decide(paths, nowNanos);
        List<PathId> available = base.available();
        PathView carrier = available.size() == 1 ? find(paths, available.get(0)) : null;
        boolean wavering = carrier != null && carrier.wavering(nowNanos) && copiesCarried.getAsBoolean();
        if (wavering && carrier.id().equals(covered) && nowNanos - coveredSinceNanos >= MAX_COVER.toNanos()) {
            restUntilNanos = nowNanos + REST.toNanos();
        }
        boolean due = wavering && nowNanos >= restUntilNanos;
        List<PathView> standbys = due
                ? paths.stream()
                        .filter(p -> !p.id().equals(carrier.id()) && p.capable())
                        .toList()
                : List.of();
        Optional<PathView> cover =
                standbys.stream().filter(p -> !p.wavering(nowNanos)).min(Ranking.WITH_TIE_BREAK);
        if (cover.isEmpty() && !standbys.isEmpty()) {
            // Every standby wavers: none covers until the first is calm again (the episode goes on).
            long calm = standbys.stream()
                    .mapToLong(PathView::waveringUntilNanos)
                    .min()
                    .getAsLong();
            boolean sameEpisode = carrier.id().equals(covered); // then its limit is still ahead (checked above)
            long limit = sameEpisode ? coveredSinceNanos + MAX_COVER.toNanos() : Long.MAX_VALUE;
            Plan paused = base.reconsiderAt(Math.min(calm, limit));
            boolean wasCovering = covered != null;
            if (!sameEpisode) {
                covered = null;
            }
            return wasCovering ? paused.orFor(Trigger.COVER_ENDED) : paused;
        }
        if (cover.isEmpty()) {
            // Ended here (not by a move elsewhere, which keeps the mover's reason): say so.
            boolean ended = covered != null && carrier != null && carrier.id().equals(covered);
            covered = null;
            return ended ? base.orFor(Trigger.COVER_ENDED) : base;
        }
        Optional<Trigger> reason = base.reason();
        if (!carrier.id().equals(covered)) {
            covered = carrier.id();
            coveredSinceNanos = nowNanos; // a pause (every standby wavering) keeps the episode's start
            reason = reason.or(() -> Optional.of(Trigger.COVER));
        }
        long until = Math.min(carrier.waveringUntilNanos(), coveredSinceNanos + MAX_COVER.toNanos());
        return base.withCopiesOn(cover.get().id(), reason, until);
    }

    private static PathView find(List<PathView> paths, PathId id) {
        return paths.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }
}
