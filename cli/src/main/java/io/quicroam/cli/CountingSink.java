package io.quicroam.cli;

import io.netty.buffer.ByteBuf;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketIoStats;
import io.quicroam.packetio.PacketSink;
import java.util.concurrent.atomic.LongAdder;

/** An egress that counts what reaches it and throws it away: the far end of the throughput benchmark. */
final class CountingSink implements PacketIo {
    private final LongAdder packets = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public void start(PacketSink sink) {}

    @Override
    public boolean write(ByteBuf packet) {
        packets.increment();
        bytes.add(packet.readableBytes());
        packet.release();
        return true;
    }

    long packets() {
        return packets.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public int mtu() {
        return 65535;
    }

    @Override
    public String name() {
        return "sink";
    }

    @Override
    public PacketIoStats stats() {
        return new PacketIoStats(0, 0, 0, packets.sum(), bytes.sum(), 0);
    }

    @Override
    public void close() {}
}
