package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decides which open paths carry traffic. Stateful (it remembers the path it chose) and single-threaded; asked
 * again on every path or interface event and when its plan says time alone may change the answer.
 */
public interface PathScheduler {
    Plan decide(List<PathView> paths, long nowNanos);

    /**
     * The scheduler {@code config} names, covering a wavering carrier ({@link CoveringScheduler}) whenever
     * {@code copiesCarried} says the session can carry copies.
     */
    static PathScheduler create(PathManagerConfig config, BooleanSupplier copiesCarried) {
        PathScheduler chooser = switch (config.scheduler()) {
            case ACTIVE_BACKUP -> new ActiveBackupScheduler(config.moveBackAfter());
            case LOWEST_RTT -> new LowestRttScheduler();
            case REDUNDANT ->
                new RedundantScheduler(new ActiveBackupScheduler(config.moveBackAfter()), config.handoverWindow());
        };
        return new CoveringScheduler(chooser, copiesCarried);
    }
}
