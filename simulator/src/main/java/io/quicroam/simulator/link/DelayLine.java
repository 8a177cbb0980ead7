package io.quicroam.simulator.link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/** The propagation stage: holds departed packets until their delivery time, then releases them in time order. */
final class DelayLine {
    private record InFlight(long deliveryNanos, long sequence, QueuedPacket packet) {}

    private final long delayNanos;
    private final long jitterNanos;
    private final boolean reordering;
    private final SplittableRandom random;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            Comparator.comparingLong(InFlight::deliveryNanos).thenComparingLong(InFlight::sequence));
    private long sequence;
    private long lastDeliveryNanos = Long.MIN_VALUE;

    DelayLine(DelayModel model, SplittableRandom random) {
        this.delayNanos = model.delay().toNanos();
        this.jitterNanos = model.jitter().toNanos();
        this.reordering = model.reordering();
        this.random = random;
    }

    void accept(QueuedPacket packet, long departedNanos) {
        long delivery = departedNanos + sampleDelay();
        if (!reordering) {
            delivery = Math.max(delivery, lastDeliveryNanos);
        }
        lastDeliveryNanos = delivery;
        inFlight.add(new InFlight(delivery, sequence++, packet));
    }

    private long sampleDelay() {
        return jitterNanos == 0 ? delayNanos : delayNanos - jitterNanos + random.nextLong(2 * jitterNanos + 1);
    }

    long nextDeliveryNanos() {
        InFlight head = inFlight.peek();
        return head == null ? Long.MAX_VALUE : head.deliveryNanos();
    }

    /** Hands every packet due at or before {@code nowNanos} to {@code sink}, earliest first, at its own time. */
    void deliverUpTo(long nowNanos, StageOutput sink) {
        while (!inFlight.isEmpty() && inFlight.peek().deliveryNanos() <= nowNanos) {
            InFlight due = inFlight.poll();
            sink.emit(due.packet(), due.deliveryNanos());
        }
    }

    /** Removes and returns everything still propagating. */
    List<QueuedPacket> clear() {
        List<QueuedPacket> all = new ArrayList<>(inFlight.size());
        inFlight.forEach(f -> all.add(f.packet()));
        inFlight.clear();
        return all;
    }
}
