package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handovers, for status output: each is recorded when traffic moves and completed by the first packet that
 * arrives on the new carrier, which is when the user stops noticing.
 *
 * <p>Threads: the list belongs to the path manager's thread ({@link #record}, {@link #snapshot}); the pending
 * handover is completed from the event loops ({@link #firstPacketOnCarrier}), which hop back to update the list.
 */
final class HandoverLog {
    private static final Logger log = LoggerFactory.getLogger(HandoverLog.class);
    /** Enough for a day of flapping without growing without bound. */
    static final int KEPT = 500;

    private final TimeSource time;
    private final LongSupplier nanos;
    private final List<AgentListener> listeners;
    private final List<Handover> handovers = new ArrayList<>();
    private volatile Handover pending;

    /**
     * @param time  the path manager's thread, which owns the list
     * @param nanos the monotonic clock the handovers are stamped with
     */
    HandoverLog(TimeSource time, LongSupplier nanos, List<AgentListener> listeners) {
        this.time = time;
        this.nanos = nanos;
        this.listeners = listeners;
    }

    /** Traffic moves {@code from} → {@code to}; it waits for its first packet on {@code to}. */
    void record(String from, String to, String trigger) {
        Handover handover = new Handover(nanos.getAsLong(), from, to, trigger, -1);
        handovers.add(handover);
        if (handovers.size() > KEPT) {
            handovers.remove(0);
        }
        pending = handover;
        log.info("traffic moves {} -> {} ({})", from, to, trigger);
    }

    /** A packet arrived on the path carrying traffic: completes the pending handover, if any (event loop). */
    void firstPacketOnCarrier() {
        Handover waiting = pending;
        if (waiting != null) {
            complete(waiting);
        }
    }

    // Synchronized: two paths' event loops may race to complete the same handover; only one tells the listeners.
    private synchronized void complete(Handover waiting) {
        if (pending != waiting) {
            return;
        }
        pending = null;
        Handover done = waiting.completed(nanos.getAsLong());
        time.execute(() -> {
            int index = handovers.indexOf(waiting);
            if (index >= 0) {
                handovers.set(index, done);
            }
        });
        log.info(
                "handover {} -> {} ({}) took {} ms",
                done.from(),
                done.to(),
                done.trigger(),
                TimeUnit.NANOSECONDS.toMillis(done.durationNanos()));
        listeners.forEach(l -> l.onHandover(done));
    }

    /** The handovers kept, oldest first (path manager thread). */
    List<Handover> snapshot() {
        return List.copyOf(handovers);
    }
}
