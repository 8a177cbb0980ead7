package io.quicroam.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.DropMeters;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.IcmpMeters;
import io.quicroam.transport.SocketDrops;
import java.util.function.Supplier;

/** The gateway's meters, Prometheus-style names. No address or client name is ever a tag value. */
public final class GatewayMetrics implements DropCounter {
    private final MeterRegistry registry;
    private volatile SocketDrops socketDrops;
    private final DropMeters drops;
    private final IcmpMeters icmp;
    private final QuotaMeters quotas;
    final Counter uplinkPackets;
    final Counter uplinkBytes;
    final Counter downlinkPackets;
    final Counter downlinkBytes;
    final Counter rejected;
    final Counter skippedCapsules;
    final Counter redundantCopies;
    final Counter foreignAbandons;

    public GatewayMetrics(MeterRegistry registry, Supplier<Number> sessions) {
        this.registry = registry;
        drops = new DropMeters(registry, "quicroam_gateway_drops");
        icmp = new IcmpMeters(registry, "quicroam_gateway");
        quotas = new QuotaMeters(registry);
        uplinkPackets = Counter.builder("quicroam_gateway_uplink_packets").register(registry);
        uplinkBytes = Counter.builder("quicroam_gateway_uplink_bytes")
                .baseUnit("bytes")
                .register(registry);
        downlinkPackets = Counter.builder("quicroam_gateway_downlink_packets").register(registry);
        downlinkBytes = Counter.builder("quicroam_gateway_downlink_bytes")
                .baseUnit("bytes")
                .register(registry);
        rejected = Counter.builder("quicroam_gateway_requests_rejected").register(registry);
        skippedCapsules = Counter.builder("quicroam_gateway_capsules_skipped")
                .description("Capsules of unknown type skipped (RFC 9297 §3.2)")
                .register(registry);
        redundantCopies = Counter.builder("quicroam_gateway_redundant_copies")
                .description("Uplink packets that arrived a second time on another path of a bonded session and were "
                        + "dropped (the redundant scheduler at work, not a fault)")
                .register(registry);
        foreignAbandons = Counter.builder("quicroam_gateway_foreign_abandons")
                .description("PATH_STATUS ABANDON about another path of the session, applied as BACKUP")
                .register(registry);
        Gauge.builder("quicroam_gateway_sessions", sessions).register(registry);
    }

    @Override
    public void dropped(DropReason reason) {
        drops.dropped(reason);
    }

    public double drops(DropReason reason) {
        return drops.count(reason);
    }

    /**
     * Counts what the kernel drops on its way into the QUIC socket (its receive buffer full): packets QUIC then
     * loses, each with every datagram it carried.
     */
    void watchSocketDrops(SocketDrops socket) {
        socketDrops = socket; // the meter holds it weakly
        FunctionCounter.builder(
                        "quicroam_gateway_udp_receive_drops",
                        socket,
                        s -> s.count().orElse(0))
                .description("UDP packets the kernel dropped before the gateway's QUIC socket read them")
                .register(registry);
    }

    /** UDP packets the kernel dropped before the QUIC socket read them; 0 where that is not known. */
    public long udpReceiveDrops() {
        SocketDrops socket = socketDrops;
        return socket == null ? 0 : socket.count().orElse(0);
    }

    /** Second copies of uplink packets dropped: each was carried by two paths. */
    public double redundantCopies() {
        return redundantCopies.count();
    }

    /** ICMP errors sent (into the egress, or to a client through its tunnel) and those the rate limit held back. */
    public IcmpMeters icmp() {
        return icmp;
    }

    /** Connections and requests the quotas refused, and sessions reclaimed in their grace time. */
    public QuotaMeters quotas() {
        return quotas;
    }
}
