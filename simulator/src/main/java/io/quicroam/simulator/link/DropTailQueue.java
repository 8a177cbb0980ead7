package io.quicroam.simulator.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** FIFO of packets waiting for the rate stage, bounded in bytes and packets; arrivals that do not fit are refused. */
final class DropTailQueue {
    private final QueueLimit limit;
    private final ArrayDeque<QueuedPacket> packets = new ArrayDeque<>();
    private long bytes;

    DropTailQueue(QueueLimit limit) {
        this.limit = limit;
    }

    boolean admits(int wireSize) {
        return packets.size() < limit.maxPackets() && wireSize <= limit.maxBytes() - bytes;
    }

    void add(QueuedPacket packet) {
        packets.addLast(packet);
        bytes += packet.wireSize();
    }

    /** Puts back a packet that was already admitted (a rate-model swap restarts its transmission). */
    void returnToHead(QueuedPacket packet) {
        packets.addFirst(packet);
        bytes += packet.wireSize();
    }

    /** The head packet, or null when empty. */
    QueuedPacket poll() {
        QueuedPacket head = packets.pollFirst();
        if (head != null) {
            bytes -= head.wireSize();
        }
        return head;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int packetCount() {
        return packets.size();
    }

    long byteCount() {
        return bytes;
    }

    /** Removes and returns everything waiting. */
    List<QueuedPacket> clear() {
        List<QueuedPacket> all = new ArrayList<>(packets);
        packets.clear();
        bytes = 0;
        return all;
    }
}
