package io.quicroam.pathmanager;

import io.quicroam.pathmanager.health.PathState;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session must not sit with zero usable paths while a network could carry it: once every path is FAILED, each
 * is tried at once instead of after its re-admission wait, and then at the outage pace until one works
 * ({@link io.quicroam.pathmanager.health.Readmission#hurry}); the first path back ends the outage for all
 * ({@link io.quicroam.pathmanager.health.Readmission#calm}). Also answers whether another path could take over
 * from one that fades. On the path manager's thread.
 */
final class Outage {
    private static final Logger log = LoggerFactory.getLogger(Outage.class);

    private final Collection<PathEntry> paths;

    /** @param paths the path manager's live view of its open paths */
    Outage(Collection<PathEntry> paths) {
        this.paths = paths;
    }

    /** If no path works: every path tried now and at the outage pace; true if so (their probes need planning). */
    boolean hurryIfNoneWorks(long nowNanos) {
        if (paths.isEmpty() || !paths.stream().allMatch(PathEntry::failed)) {
            return false;
        }
        log.info("No path works: trying every path now");
        paths.forEach(e -> e.health.readmission().hurry(nowNanos));
        return true;
    }

    /** A path works again: the others leave the outage pace for their breaker's own waits. */
    void over(long nowNanos) {
        paths.forEach(e -> e.health.readmission().calm(nowNanos));
    }

    /** Whether a path other than {@code e} could carry the traffic now. */
    boolean anotherCapable(PathEntry e) {
        return paths.stream()
                .anyMatch(o -> o != e && o.unusable == null && o.health.state() == PathState.ACTIVE_CAPABLE);
    }
}
