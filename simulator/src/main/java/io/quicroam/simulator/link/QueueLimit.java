package io.quicroam.simulator.link;

/**
 * Drop-tail limits of the queue in front of a link's rate stage. A packet is dropped when admitting it would make
 * the waiting packets exceed either limit; the packet being transmitted no longer counts (as in mahimahi).
 * Bytes are wire bytes (payload plus the direction's packet overhead).
 */
public record QueueLimit(long maxBytes, int maxPackets) {

    /** No limit (mahimahi's default infinite queue). */
    public static final QueueLimit UNLIMITED = new QueueLimit(Long.MAX_VALUE, Integer.MAX_VALUE);

    public QueueLimit {
        if (maxBytes < 1 || maxPackets < 1) {
            throw new IllegalArgumentException(
                    "queue limits must be >= 1, got " + maxBytes + " bytes and " + maxPackets + " packets");
        }
    }

    public static QueueLimit packets(int maxPackets) {
        return new QueueLimit(Long.MAX_VALUE, maxPackets);
    }

    public static QueueLimit bytes(long maxBytes) {
        return new QueueLimit(maxBytes, Integer.MAX_VALUE);
    }
}
