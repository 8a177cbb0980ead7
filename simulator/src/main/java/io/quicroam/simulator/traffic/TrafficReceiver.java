package io.quicroam.simulator.traffic;

import io.netty.buffer.ByteBuf;
import io.quicroam.packetio.PacketSink;
import io.quicroam.simulator.measure.FlowLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The applications' receiving end: every packet the agent writes to its (in-memory) device passes here; echoes
 * of our flows are logged as delivered at the current scenario time and acknowledged to the generator, anything
 * else is counted as foreign. Releases every packet.
 */
public final class TrafficReceiver implements PacketSink {
    private final List<FlowLog> logs;
    private final LongSupplier clock;
    private final TrafficGenerator generator;
    private final AtomicLong foreign = new AtomicLong();

    public TrafficReceiver(List<FlowLog> logs, LongSupplier clock, TrafficGenerator generator) {
        this.logs = List.copyOf(logs);
        this.clock = clock;
        this.generator = generator;
    }

    @Override
    public void accept(ByteBuf packet) {
        try {
            long now = clock.getAsLong();
            FlowPayload.Stamp stamp = FlowPayload.read(packet);
            if (stamp == null || stamp.flow() >= logs.size()) {
                foreign.incrementAndGet(); // e.g. an ICMP Packet Too Big from the agent
                return;
            }
            logs.get(stamp.flow()).delivered(stamp.sequence(), now);
            generator.answered(stamp.flow(), stamp.sequence());
        } finally {
            packet.release();
        }
    }

    /** Packets that were not echoes of our flows. */
    public long foreignPackets() {
        return foreign.get();
    }
}
