package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One leg of a race to open a path ({@link PathOpener}: QUIC beside HTTP/2; {@link StaggeredHandshakes}: QUIC
 * handshakes started one after another): the listener its attempt reports to. Its events reach the path only once it
 * won; its request waits for its turn ({@link RaceRequests}).
 */
final class RaceLeg implements TunnelPath.Listener {
    private final TunnelPath.Listener path;
    private final RaceRequests requests;
    private volatile CompletableFuture<TunnelPath> attempt;
    private volatile boolean open;

    RaceLeg(TunnelPath.Listener path, RaceRequests requests) {
        this.path = path;
        this.requests = requests;
    }

    /**
     * Runs {@code attempt}, opened with this leg as its listener, in the race for {@code result}: the first leg to
     * open completes it and lets its events through; the others are given up. The race fails when {@code result} is
     * failed from outside (the open timeout), which gives every leg up; a leg's own failure goes to {@code failed}.
     */
    void take(CompletableFuture<TunnelPath> attempt, CompletableFuture<TunnelPath> result, Consumer<Throwable> failed) {
        this.attempt = attempt; // before its request: the handshake and SETTINGS come first, on the event loop
        // The race is over: an attempt still under way is given up (its connection closes, it asks nothing). Left to
        // run, a QUIC handshake lost to HTTP/2 would complete once UDP passes and offer a session of its own.
        result.whenComplete((winner, failure) ->
                attempt.completeExceptionally(failure != null ? failure : new RaceRequests.RaceLost()));
        attempt.whenComplete((tunnel, failure) -> {
            if (failure != null) {
                failed.accept(failure);
                return;
            }
            synchronized (result) {
                if (!result.isDone()) {
                    open = true;
                    result.complete(tunnel);
                    return;
                }
            }
            tunnel.close(); // lost the race after its request (RaceRequests: only once the other leg had failed)
        });
    }

    @Override
    public CompletionStage<Void> mayRequest() {
        return requests.turn(attempt);
    }

    /** Any leg's request out says the network carries: the open timeout then waits for the answer. */
    @Override
    public void onRequestSent() {
        path.onRequestSent();
    }

    @Override
    public void onAddressAssign(TunnelPath tunnel, List<AssignedAddress> addresses) {
        if (open) {
            path.onAddressAssign(tunnel, addresses);
        }
    }

    @Override
    public void onRouteAdvertisement(TunnelPath tunnel, List<IpAddressRange> ranges) {
        if (open) {
            path.onRouteAdvertisement(tunnel, ranges);
        }
    }

    @Override
    public void onDatagram(TunnelPath tunnel, long contextId, ByteBuf payload) {
        if (open) {
            path.onDatagram(tunnel, contextId, payload);
        } else {
            payload.release();
        }
    }

    @Override
    public void onClosed(TunnelPath tunnel, Throwable cause) {
        if (open) {
            path.onClosed(tunnel, cause);
        }
    }
}
