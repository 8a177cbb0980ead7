package io.quicroam.simulator.link;

import java.util.Objects;

/**
 * One direction of an emulated link, stage by stage: loss, then a drop-tail queue, then the rate stage, then
 * delay and jitter. {@code packetOverheadBytes} is what the link charges per packet on top of the bytes it is
 * given, so that rates and queue limits count whole packets on the wire: a relay that carries UDP payloads over
 * an emulated IPv4 path uses {@link #UDP_IPV4_HEADER_BYTES}; give 0 when the packets are whole IP packets.
 * Immutable; build it from {@link #IDEAL} with the {@code with…} methods.
 */
public record DirectionConfig(
        LossModel loss, QueueLimit queue, RateModel rate, DelayModel delay, int packetOverheadBytes) {

    /** IPv4 header (20) plus UDP header (8): what a UDP payload gains on an IPv4 link. */
    public static final int UDP_IPV4_HEADER_BYTES = 28;

    /** Lossless, unqueued, unlimited, instantaneous. */
    public static final DirectionConfig IDEAL =
            new DirectionConfig(LossModel.NONE, QueueLimit.UNLIMITED, RateModel.UNLIMITED, DelayModel.NONE, 0);

    public DirectionConfig {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(delay, "delay");
        if (packetOverheadBytes < 0) {
            throw new IllegalArgumentException("packet overhead must be >= 0 bytes, got " + packetOverheadBytes);
        }
    }

    public DirectionConfig withLoss(LossModel newLoss) {
        return new DirectionConfig(newLoss, queue, rate, delay, packetOverheadBytes);
    }

    public DirectionConfig withQueue(QueueLimit newQueue) {
        return new DirectionConfig(loss, newQueue, rate, delay, packetOverheadBytes);
    }

    public DirectionConfig withRate(RateModel newRate) {
        return new DirectionConfig(loss, queue, newRate, delay, packetOverheadBytes);
    }

    public DirectionConfig withDelay(DelayModel newDelay) {
        return new DirectionConfig(loss, queue, rate, newDelay, packetOverheadBytes);
    }

    public DirectionConfig withPacketOverhead(int bytes) {
        return new DirectionConfig(loss, queue, rate, delay, bytes);
    }
}
