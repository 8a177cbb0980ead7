package io.quicroam.pathmanager.path;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.policy.InterfacePolicy;

/** What a scheduler sees of one open path. {@code stateSinceNanos}: when it entered its current state. */
public record PathView(
        PathId id, PathState state, long stateSinceNanos, InterfacePolicy policy, boolean hasRtt, long srttNanos) {

    public boolean capable() {
        return state == PathState.ACTIVE_CAPABLE;
    }
}
