package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one direction's counters. Byte counts are payload bytes as the endpoints see them, except
 * {@code queuedBytes}, which are wire bytes as the queue limit counts them. Queue delay is the time from entering
 * the direction to leaving the rate stage (waiting plus transmission). Every offered packet is delivered,
 * dropped under one reason, or still in flight.
 */
public record DirectionStats(
        long offeredPackets,
        long offeredBytes,
        long deliveredPackets,
        long deliveredBytes,
        Map<LinkDropReason, Long> droppedPackets,
        Map<LinkDropReason, Long> droppedBytes,
        int queuedPackets,
        long queuedBytes,
        Duration meanQueueDelay,
        Duration maxQueueDelay) {

    public DirectionStats {
        droppedPackets = complete(droppedPackets);
        droppedBytes = complete(droppedBytes);
        Objects.requireNonNull(meanQueueDelay, "meanQueueDelay");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
    }

    /** Every reason present (zero when none), unmodifiable. */
    private static Map<LinkDropReason, Long> complete(Map<LinkDropReason, Long> counts) {
        EnumMap<LinkDropReason, Long> all = new EnumMap<>(LinkDropReason.class);
        for (LinkDropReason reason : LinkDropReason.values()) {
            all.put(reason, counts.getOrDefault(reason, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    /** Packets dropped for {@code reason}. */
    public long dropped(LinkDropReason reason) {
        return droppedPackets.get(reason);
    }

    public long totalDroppedPackets() {
        return droppedPackets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Offered, neither delivered nor dropped yet: queued, in transmission or propagating. */
    public long inFlightPackets() {
        return offeredPackets - deliveredPackets - totalDroppedPackets();
    }
}
