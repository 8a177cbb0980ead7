package io.quicroam.agent;

import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Whether the proxy followed a move of the connection (#20): a proxy may allow migration and still not follow it,
 * keeping on sending to the old address or never validating the new path (RFC 9000 §9.3 asks it to validate, then
 * send there). After a move the new interface must hear the proxy's authenticated packets ({@link QuicProgress})
 * within a deadline of a few RTTs. If it does not, either the proxy did not follow or the new network itself went
 * silent (a captive Wi-Fi, #13): only a network shown to pass the proxy's packets by another connection (the
 * interface's light connection, asked when the deadline passes) convicts the proxy, and the caller falls back to a
 * reconnect. A silent network is the path manager's business: blaming the proxy for it gave up migration for good
 * and left the session on the dead network.
 *
 * <p>Threads: moves and the deadline on the path manager's thread, proof of life from the event loop: the interfaces
 * awaiting proof are atomic references, so only one of the two ever acts on them.
 */
final class MoveWatch {
    /** The deadline in RTTs of the new path: validation (PATH_CHALLENGE, PATH_RESPONSE) and the next ACK. */
    static final int RTTS = 8;
    /** Bounds of the deadline: above a probe interval's jitter on a busy machine, below a user-visible stall. */
    static final Duration MIN = Duration.ofMillis(750);

    static final Duration MAX = Duration.ofSeconds(3);

    private final TimeSource time;
    private final AtomicReference<String> awaiting = new AtomicReference<>();
    /** The interface whose deadline passed, until its network shows it passes the proxy's packets, or not. */
    private final AtomicReference<String> doubted = new AtomicReference<>();
    /** Moves convicted since the last one the proxy followed; outlives connections, as it judges the proxy. */
    private final AtomicInteger unfollowedInARow = new AtomicInteger();

    private IntConsumer notFollowed = inARow -> {};
    private Cancellable deadline = () -> {};

    MoveWatch(TimeSource time) {
        this.time = time;
    }

    /** The deadline for a path whose smoothed RTT is {@code srtt} (null while unknown: the upper bound). */
    static Duration deadline(Duration srtt) {
        if (srtt == null) {
            return MAX;
        }
        Duration rtts = srtt.multipliedBy(RTTS);
        return rtts.compareTo(MIN) < 0 ? MIN : rtts.compareTo(MAX) > 0 ? MAX : rtts;
    }

    /** The connection moved to {@code interfaceName}: from now on, packets heard there prove the proxy followed. */
    void moved(String interfaceName) {
        deadline.cancel();
        doubted.set(null);
        awaiting.set(interfaceName);
    }

    /**
     * If nothing was heard on {@code interfaceName} within {@code within} of now, {@code askNetwork} runs: it asks the
     * interface's network for proof of life by another connection ({@link #networkHeard}). Only that proof runs
     * {@code notFollowed}, with the number of moves in a row the proxy has not followed, this one included.
     */
    void expire(String interfaceName, Duration within, Runnable askNetwork, IntConsumer notFollowed) {
        if (!interfaceName.equals(awaiting.get())) {
            return; // heard already, or moved on
        }
        deadline.cancel();
        deadline = time.schedule(within, () -> {
            if (awaiting.compareAndSet(interfaceName, null)) {
                this.notFollowed = notFollowed;
                doubted.set(interfaceName);
                askNetwork.run();
            }
        });
    }

    /** The proxy's authenticated packets arrived on {@code interfaceName} for the moved connection (event loop). */
    void heard(String interfaceName) {
        boolean followed = awaiting.compareAndSet(interfaceName, null);
        followed |= doubted.compareAndSet(interfaceName, null); // late, but the proxy followed
        if (followed) {
            unfollowedInARow.set(0);
        }
    }

    /**
     * Another connection on {@code interfaceName} heard the proxy (path manager's thread): the network passes its
     * packets, so if the moved connection still heard nothing there, the proxy did not follow.
     */
    void networkHeard(String interfaceName) {
        if (doubted.compareAndSet(interfaceName, null)) {
            notFollowed.accept(unfollowedInARow.incrementAndGet());
        }
    }

    /** No move is watched any more (the connection closed, or it moved back). */
    void cancel() {
        deadline.cancel();
        awaiting.set(null);
        doubted.set(null);
    }
}
