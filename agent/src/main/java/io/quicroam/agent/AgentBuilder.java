package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.time.TimeSource;
import io.quicroam.transport.QuicTuning;
import java.io.IOException;

/** Collects what an {@link Agent} runs with ({@link Agent#builder}); {@link #build()} checks it. */
public final class AgentBuilder {
    final AgentConfig config;
    PacketIo packetIo;
    TunnelDevice device = TunnelDevice.NONE;
    InterfaceMonitor interfaces;
    PathEndpoints endpoints;
    QuicTuning tuning = QuicTuning.defaults();
    MeterRegistry registry = new SimpleMeterRegistry();
    TimeSource time;

    AgentBuilder(AgentConfig config) {
        this.config = config;
    }

    public AgentBuilder packetIo(PacketIo value) {
        this.packetIo = value;
        return this;
    }

    public AgentBuilder device(TunnelDevice value) {
        this.device = value;
        return this;
    }

    /** Where interfaces come from: the host's (netlink) or the simulator's. */
    public AgentBuilder interfaces(InterfaceMonitor value) {
        this.interfaces = value;
        return this;
    }

    public AgentBuilder endpoints(PathEndpoints value) {
        this.endpoints = value;
        return this;
    }

    public AgentBuilder tuning(QuicTuning value) {
        this.tuning = value;
        return this;
    }

    public AgentBuilder registry(MeterRegistry value) {
        this.registry = value;
        return this;
    }

    /** The path manager's clock and thread (tests may pass their own). */
    public AgentBuilder time(TimeSource value) {
        this.time = value;
        return this;
    }

    public Agent build() throws IOException {
        return new Agent(this);
    }
}
