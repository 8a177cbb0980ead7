package io.quicroam.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.DropMeters;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.IcmpMeters;
import java.util.EnumMap;
import java.util.Map;

/** The agent's tunnel meters, Prometheus-style names; no address is ever a tag value. */
public final class AgentMetrics implements DropCounter {
    private final DropMeters drops;
    final Counter uplinkPackets;
    final Counter uplinkBytes;
    final Counter downlinkPackets;
    final Counter downlinkBytes;
    final IcmpMeters icmp;
    private final Map<AssignmentPolicy.Refusal, Counter> refused = new EnumMap<>(AssignmentPolicy.Refusal.class);

    public AgentMetrics(MeterRegistry registry) {
        drops = new DropMeters(registry, "quicroam_agent_drops");
        uplinkPackets = Counter.builder("quicroam_agent_uplink_packets").register(registry);
        uplinkBytes =
                Counter.builder("quicroam_agent_uplink_bytes").baseUnit("bytes").register(registry);
        downlinkPackets = Counter.builder("quicroam_agent_downlink_packets").register(registry);
        downlinkBytes = Counter.builder("quicroam_agent_downlink_bytes")
                .baseUnit("bytes")
                .register(registry);
        icmp = new IcmpMeters(registry, "quicroam_agent");
        for (AssignmentPolicy.Refusal reason : AssignmentPolicy.Refusal.values()) {
            refused.put(
                    reason,
                    Counter.builder("quicroam_agent_assignment_refused")
                            .tag("reason", reason.label)
                            .description("parts of the proxy's address assignment or routes not applied")
                            .register(registry));
        }
    }

    /** Counts one refused part of the proxy's assignment. */
    void refused(AssignmentPolicy.Refusal reason) {
        refused.get(reason).increment();
    }

    @Override
    public void dropped(DropReason reason) {
        drops.dropped(reason);
    }

    /** IP packets sent into the tunnel so far. */
    public long uplinkPacketCount() {
        return (long) uplinkPackets.count();
    }

    public double drops(DropReason reason) {
        return drops.count(reason);
    }

    /** ICMP errors written into the device, and those the rate limit held back. */
    public IcmpMeters icmp() {
        return icmp;
    }
}
