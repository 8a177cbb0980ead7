package io.quicroam.simulator.link;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test sink: records every delivery with its direction and due time. */
final class Recorder implements LinkSink, DeliverySink {
    record Delivery(Direction direction, long atNanos, byte[] packet) {
        int sequence() {
            return Packets.sequence(packet);
        }

        double atMillis() {
            return atNanos / 1e6;
        }
    }

    final List<Delivery> deliveries = new ArrayList<>();

    @Override
    public void deliver(Direction direction, long atNanos, byte[] packet) {
        deliveries.add(new Delivery(direction, atNanos, packet));
    }

    @Override
    public void deliver(long atNanos, byte[] packet) {
        deliver(Direction.UPLINK, atNanos, packet);
    }

    List<Delivery> where(Predicate<Delivery> filter) {
        return deliveries.stream().filter(filter).toList();
    }

    long bytesBetween(long fromNanos, long toNanos) {
        return deliveries.stream()
                .filter(d -> d.atNanos() > fromNanos && d.atNanos() <= toNanos)
                .mapToLong(d -> d.packet().length)
                .sum();
    }

    /** Test packets: a big-endian sequence number in the first four bytes, zero padding up to the size. */
    static final class Packets {
        private Packets() {}

        static byte[] numbered(int sequence, int size) {
            return ByteBuffer.allocate(size).putInt(sequence).array();
        }

        static int sequence(byte[] packet) {
            return ByteBuffer.wrap(packet).getInt();
        }
    }
}
