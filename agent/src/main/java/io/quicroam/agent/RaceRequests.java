package io.quicroam.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The legs of one race ({@link PathOpener}) send their requests one at a time. Each request opens something at the
 * proxy — with a session offer a whole session, which holds an address through its grace time once its path closes —
 * and the leg that loses the race would leave it behind. The first leg ready sends; a later one waits for that
 * attempt's outcome: it never asks if the first opened, and asks if the first failed.
 *
 * <p>Threads: the legs' event loops; synchronized.
 */
final class RaceRequests {
    /** The attempt whose request went out; null before the first. */
    private CompletableFuture<TunnelPath> out;

    /** When {@code attempt} may send its request; failed when another leg's request opened the path. */
    synchronized CompletionStage<Void> turn(CompletableFuture<TunnelPath> attempt) {
        if (out == null || out.isCompletedExceptionally()) {
            out = attempt;
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> turn = new CompletableFuture<>();
        out.whenComplete((opened, failure) -> {
            if (failure == null) {
                turn.completeExceptionally(new RaceLost());
            } else {
                turn(attempt).whenComplete((ok, lost) -> {
                    if (lost == null) {
                        turn.complete(null);
                    } else {
                        turn.completeExceptionally(lost);
                    }
                });
            }
        });
        return turn;
    }

    /** Another leg's request opened the path: this one is given up unasked. */
    static final class RaceLost extends Exception {
        private static final long serialVersionUID = 1L;

        RaceLost() {
            super("the other transport opened the path", null, false, false);
        }
    }
}
