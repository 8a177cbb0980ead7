package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The mutable counters behind {@link DirectionStats}; owned by one direction, single-threaded. */
final class DirectionCounters {
    private long offeredPackets;
    private long offeredBytes;
    private long deliveredPackets;
    private long deliveredBytes;
    private final Map<LinkDropReason, Long> droppedPackets = new EnumMap<>(LinkDropReason.class);
    private final Map<LinkDropReason, Long> droppedBytes = new EnumMap<>(LinkDropReason.class);
    private long queueDelaySamples;
    private long queueDelayTotalNanos;
    private long queueDelayMaxNanos;

    void offered(int bytes) {
        offeredPackets++;
        offeredBytes += bytes;
    }

    void delivered(int bytes) {
        deliveredPackets++;
        deliveredBytes += bytes;
    }

    void dropped(LinkDropReason reason, int bytes) {
        droppedPackets.merge(reason, 1L, Long::sum);
        droppedBytes.merge(reason, (long) bytes, Long::sum);
    }

    void queueDelay(long nanos) {
        queueDelaySamples++;
        queueDelayTotalNanos += nanos;
        queueDelayMaxNanos = Math.max(queueDelayMaxNanos, nanos);
    }

    DirectionStats snapshot(DropTailQueue queue) {
        Duration mean = Duration.ofNanos(queueDelaySamples == 0 ? 0 : queueDelayTotalNanos / queueDelaySamples);
        return new DirectionStats(
                offeredPackets,
                offeredBytes,
                deliveredPackets,
                deliveredBytes,
                droppedPackets,
                droppedBytes,
                queue.packetCount(),
                queue.byteCount(),
                mean,
                Duration.ofNanos(queueDelayMaxNanos));
    }
}
