package io.quicroam.pathmanager.path;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.policy.InterfacePolicy;

/**
 * What a scheduler sees of one open path. {@code stateSinceNanos}: when it entered its current state; {@code failures}:
 * how often it failed or was demoted since it was last healthy for long (each doubles the wait before moving back);
 * {@code silent}: its last {@code suspect-after} probes or more were lost and nothing at all was heard from it since
 * (no answer, however late, no user traffic): its network is gone, where a slow or lossy path is still heard from;
 * {@code waveringUntilNanos}: until when its transport shows early signs of a fade ({@code Long.MIN_VALUE}: none yet);
 * {@code proven}: it passed the audition the scheduler asked for ({@code Audition}), which is still on: it works now.
 */
public record PathView(
        PathId id,
        PathState state,
        long stateSinceNanos,
        InterfacePolicy policy,
        boolean hasRtt,
        long srttNanos,
        int failures,
        boolean silent,
        long waveringUntilNanos,
        boolean proven) {

    public boolean capable() {
        return state == PathState.ACTIVE_CAPABLE;
    }

    public boolean wavering(long nowNanos) {
        return nowNanos < waveringUntilNanos;
    }
}
