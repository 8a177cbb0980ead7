package io.quicroam.packetio;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link PacketIoStats}; contention-free for concurrent writers. */
final class PacketCounters {

    private final LongAdder readPackets = new LongAdder();
    private final LongAdder readBytes = new LongAdder();
    private final LongAdder readDrops = new LongAdder();
    private final LongAdder writtenPackets = new LongAdder();
    private final LongAdder writtenBytes = new LongAdder();
    private final LongAdder writeDrops = new LongAdder();

    void read(int bytes) {
        readPackets.increment();
        readBytes.add(bytes);
    }

    void readDropped() {
        readDrops.increment();
    }

    void written(int bytes) {
        writtenPackets.increment();
        writtenBytes.add(bytes);
    }

    void writeDropped() {
        writeDrops.increment();
    }

    PacketIoStats snapshot() {
        return new PacketIoStats(
                readPackets.sum(),
                readBytes.sum(),
                readDrops.sum(),
                writtenPackets.sum(),
                writtenBytes.sum(),
                writeDrops.sum());
    }
}
