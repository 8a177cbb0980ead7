package io.quicroam.simulator.link;

/** Why an emulated link discarded a packet; every discarded packet is counted under exactly one reason. */
public enum LinkDropReason {
    /** The loss model (Bernoulli, Gilbert-Elliott or a fade) chose to lose it. */
    LOSS,
    /** The drop-tail queue was full, in bytes or in packets. */
    QUEUE,
    /** The link was down when it arrived, or it was queued or in flight when the link went down. */
    DOWN,
    /** The link was silently blackholed when it arrived, or it was queued or in flight when that began. */
    BLACKHOLE,
    /** It was addressed to a NAT binding that a rebind has replaced. */
    STALE_BINDING,
    /** The link's firewall dropped UDP when it arrived ({@link LinkAction.BlockUdp}). */
    UDP_BLOCKED,
    /** It is larger than a trace-driven link carries (mahimahi's PACKET_SIZE, i.e. a 1500-byte IP MTU). */
    OVERSIZE
}
