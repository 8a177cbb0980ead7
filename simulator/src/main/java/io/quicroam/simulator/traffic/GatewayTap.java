package io.quicroam.simulator.traffic;

import io.netty.buffer.ByteBuf;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketIoStats;
import io.quicroam.packetio.PacketSink;
import io.quicroam.simulator.measure.FlowLog;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Wraps the gateway's egress (the echo host) and logs when each datagram of our flows leaves the tunnel at the
 * gateway: with the send time in the datagram, that is the one-way uplink latency, on the same clock, since the
 * whole simulation runs in one JVM. Everything else passes through unchanged.
 */
public final class GatewayTap implements PacketIo {
    private final PacketIo egress;
    private final List<FlowLog> logs;
    private final LongSupplier clock;

    public GatewayTap(PacketIo egress, List<FlowLog> logs, LongSupplier clock) {
        this.egress = Objects.requireNonNull(egress, "egress");
        this.logs = List.copyOf(logs);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean write(ByteBuf packet) {
        long now = clock.getAsLong();
        FlowPayload.Stamp stamp = FlowPayload.read(packet);
        if (stamp != null && stamp.flow() < logs.size()) {
            logs.get(stamp.flow()).arrivedAtGateway(stamp.sequence(), now);
        }
        return egress.write(packet);
    }

    @Override
    public void start(PacketSink sink) {
        egress.start(sink);
    }

    @Override
    public int mtu() {
        return egress.mtu();
    }

    @Override
    public String name() {
        return egress.name();
    }

    @Override
    public PacketIoStats stats() {
        return egress.stats();
    }

    @Override
    public void close() {
        egress.close();
    }
}
