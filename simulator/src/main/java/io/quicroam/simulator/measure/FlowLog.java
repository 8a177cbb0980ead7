package io.quicroam.simulator.measure;

import io.quicroam.simulator.scenario.FlowSpec;
import java.util.Objects;

/**
 * What was seen of one flow's datagrams: when each was sent by the agent's application, when it reached the
 * echo host behind the gateway (one-way uplink), and when its echo came back to the application. Times are
 * scenario nanoseconds on one clock; the writers are the traffic generator, the gateway's egress and the agent's
 * packet I/O, each on its own thread.
 */
public final class FlowLog {
    private final FlowSpec spec;
    private final EventLog sent = new EventLog();
    private final EventLog atGateway = new EventLog();
    private final EventLog delivered = new EventLog();

    public FlowLog(FlowSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public FlowSpec spec() {
        return spec;
    }

    public void sent(long sequence, long atNanos) {
        sent.add(sequence, atNanos);
    }

    public void arrivedAtGateway(long sequence, long atNanos) {
        atGateway.add(sequence, atNanos);
    }

    public void delivered(long sequence, long atNanos) {
        delivered.add(sequence, atNanos);
    }

    public int sentCount() {
        return sent.size();
    }

    public int deliveredCount() {
        return delivered.size();
    }

    /** What the three logs hold on to (a long run's heap figure leaves them out: {@link HeapTrend}). */
    public long retainedBytes() {
        return sent.retainedBytes() + atGateway.retainedBytes() + delivered.retainedBytes();
    }

    public EventLog.Snapshot sends() {
        return sent.snapshot();
    }

    public EventLog.Snapshot gatewayArrivals() {
        return atGateway.snapshot();
    }

    public EventLog.Snapshot deliveries() {
        return delivered.snapshot();
    }
}
