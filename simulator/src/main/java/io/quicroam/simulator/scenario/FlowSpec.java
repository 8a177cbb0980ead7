package io.quicroam.simulator.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * One inner UDP flow through the tunnel, echoed back by the gateway's echo host. A constant-bit-rate flow sends
 * {@code packetsPerSecond} datagrams of {@code size} payload bytes; a bulk flow sends as fast as the tunnel takes,
 * keeping at most {@code window} datagrams unanswered. Each datagram carries its flow, sequence number and send
 * time ({@code io.quicroam.simulator.traffic.FlowPayload}). Sends happen from {@code start} until {@code stop}.
 *
 * @param packetsPerSecond for {@link Kind#CBR}; 0 for bulk
 * @param window           for {@link Kind#BULK}; 0 for constant bit rate
 */
public record FlowSpec(
        String name, Kind kind, int packetsPerSecond, int size, int window, Duration start, Duration stop) {

    /** Payload bytes the flow header takes; a datagram is at least this big. */
    public static final int MIN_SIZE = 24;
    /** The largest payload that fits the tunnel's 1280-byte inner MTU in IPv4 + UDP (1280 - 20 - 8). */
    public static final int MAX_SIZE = 1252;

    /** How a flow paces itself. */
    public enum Kind {
        CBR,
        BULK
    }

    public FlowSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "flow " + name + ": size must be " + MIN_SIZE + ".." + MAX_SIZE + " bytes, got " + size);
        }
        if (kind == Kind.CBR ? packetsPerSecond < 1 || window != 0 : window < 1 || packetsPerSecond != 0) {
            throw new IllegalArgumentException("flow " + name + ": a " + kind + " flow needs "
                    + (kind == Kind.CBR ? "a rate and no window" : "a window and no rate"));
        }
        if (start.isNegative() || stop.compareTo(start) <= 0) {
            throw new IllegalArgumentException(
                    "flow " + name + ": needs 0 <= start < stop, got " + start + ", " + stop);
        }
    }

    public static FlowSpec cbr(String name, int packetsPerSecond, int size, Duration start, Duration stop) {
        return new FlowSpec(name, Kind.CBR, packetsPerSecond, size, 0, start, stop);
    }

    /** The same flow, sending until {@code newStop}. */
    public FlowSpec withStop(Duration newStop) {
        return new FlowSpec(name, kind, packetsPerSecond, size, window, start, newStop);
    }

    public static FlowSpec bulk(String name, int size, int window, Duration start, Duration stop) {
        return new FlowSpec(name, Kind.BULK, 0, size, window, start, stop);
    }
}
