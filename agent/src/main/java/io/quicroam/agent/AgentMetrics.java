package io.quicroam.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.DropReason;

import java.util.EnumMap;
import java.util.Map;

/** The agent's tunnel meters, Prometheus-style names; no address is ever a tag value. */
public final class AgentMetrics implements DropCounter {
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    final Counter uplinkPackets;
    final Counter uplinkBytes;
    final Counter downlinkPackets;
    final Counter downlinkBytes;
    final Counter packetTooBigSent;

    public AgentMetrics(MeterRegistry registry) {
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, Counter.builder("quicroam_agent_drops").tag("reason", reason.tag())
                    .description("Packets and datagrams dropped, by reason").register(registry));
        }
        uplinkPackets = Counter.builder("quicroam_agent_uplink_packets").register(registry);
        uplinkBytes = Counter.builder("quicroam_agent_uplink_bytes").baseUnit("bytes").register(registry);
        downlinkPackets = Counter.builder("quicroam_agent_downlink_packets").register(registry);
        downlinkBytes = Counter.builder("quicroam_agent_downlink_bytes").baseUnit("bytes").register(registry);
        packetTooBigSent = Counter.builder("quicroam_agent_packet_too_big_sent")
                .description("ICMP Packet Too Big answers to oversized packets").register(registry);
    }

    @Override
    public void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    /** IP packets sent into the tunnel so far. */
    public long uplinkPacketCount() {
        return (long) uplinkPackets.count();
    }

    public double drops(DropReason reason) {
        return drops.get(reason).count();
    }
}
