package io.quicroam.agent;

import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the proxy followed a move of the connection (#20): a proxy may allow migration and still not follow it,
 * keeping on sending to the old address or never validating the new path (RFC 9000 §9.3 asks it to validate, then
 * send there). After a move the new interface must hear the proxy's authenticated packets ({@link QuicProgress})
 * within a deadline of a few RTTs; if it does not, the move failed and the caller falls back to a reconnect.
 *
 * <p>Threads: moves and the deadline on the path manager's thread, proof of life from the event loop: the interface
 * awaiting proof is an atomic reference, so only one of the two ever acts on it.
 */
final class MoveWatch {
    /** The deadline in RTTs of the new path: validation (PATH_CHALLENGE, PATH_RESPONSE) and the next ACK. */
    static final int RTTS = 8;
    /** Bounds of the deadline: above a probe interval's jitter on a busy machine, below a user-visible stall. */
    static final Duration MIN = Duration.ofMillis(750);

    static final Duration MAX = Duration.ofSeconds(3);

    private final TimeSource time;
    private final AtomicReference<String> awaiting = new AtomicReference<>();
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
        awaiting.set(interfaceName);
    }

    /** {@code notFollowed} runs if nothing was heard on {@code interfaceName} within {@code within} of now. */
    void expire(String interfaceName, Duration within, Runnable notFollowed) {
        if (!interfaceName.equals(awaiting.get())) {
            return; // heard already, or moved on
        }
        deadline.cancel();
        deadline = time.schedule(within, () -> {
            if (awaiting.compareAndSet(interfaceName, null)) {
                notFollowed.run();
            }
        });
    }

    /** The proxy's authenticated packets arrived on {@code interfaceName} (event loop). */
    void heard(String interfaceName) {
        awaiting.compareAndSet(interfaceName, null);
    }

    /** No move is watched any more (the connection closed, or it moved back). */
    void cancel() {
        deadline.cancel();
        awaiting.set(null);
    }
}
