package io.quicroam.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The legs of one race ({@link PathOpener}: QUIC beside HTTP/2; {@link StaggeredHandshakes}: QUIC handshakes in an
 * outage) send their requests one at a time. Each request opens something at the proxy — with a session offer a whole
 * session, which holds an address through its grace time once its path closes — and the leg that loses the race
 * would leave it behind. The first leg ready sends; a later one waits for that attempt's outcome: it never asks if the
 * first opened, and asks if the first failed (or, with {@code firstReadyWins}, is given up at once).
 *
 * <p>Threads: the legs' event loops; synchronized.
 */
final class RaceRequests {
    /**
     * Whether the first leg ready gives the others up at once ({@link PathOpener}'s staggered handshakes: legs of one
     * transport to one proxy, so the first through says all a later one could) rather than keeping them as spares.
     */
    private final boolean firstReadyWins;
    /** Every leg started, while the first ready gives the others up. */
    private final List<CompletableFuture<TunnelPath>> legs = new ArrayList<>();
    /** The attempt whose request went out; null before the first. */
    private CompletableFuture<TunnelPath> out;

    RaceRequests(boolean firstReadyWins) {
        this.firstReadyWins = firstReadyWins;
    }

    /** Whether a leg is ready and wins: no further leg is wanted. */
    synchronized boolean decided() {
        return firstReadyWins && out != null;
    }

    /** Another leg has started; false if it came too late ({@link #decided}), and is to be given up. */
    synchronized boolean started(CompletableFuture<TunnelPath> attempt) {
        if (decided()) {
            return false;
        }
        legs.add(attempt);
        return true;
    }

    /** When {@code attempt} may send its request; failed when another leg's request opened the path. */
    synchronized CompletionStage<Void> turn(CompletableFuture<TunnelPath> attempt) {
        if (firstReadyWins && out == null) {
            out = attempt;
            legs.stream().filter(leg -> leg != attempt).forEach(leg -> leg.completeExceptionally(new RaceLost()));
            return CompletableFuture.completedFuture(null);
        }
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
            super("another leg of the race opened the path", null, false, false);
        }
    }
}
