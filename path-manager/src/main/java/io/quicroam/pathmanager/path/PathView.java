package io.quicroam.pathmanager.path;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.policy.InterfacePolicy;

/**
 * What a scheduler sees of one open path. {@code stateSinceNanos}: when it entered its current state; {@code failures}:
 * how often it failed or was demoted since it was last healthy for long (each doubles the wait before moving back).
 */
public record PathView(
        PathId id,
        PathState state,
        long stateSinceNanos,
        InterfacePolicy policy,
        boolean hasRtt,
        long srttNanos,
        int failures) {

    public boolean capable() {
        return state == PathState.ACTIVE_CAPABLE;
    }
}
