package io.quicroam.pathmanager;

import io.quicroam.pathmanager.health.PathHealth;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.policy.InterfacePolicy;
import io.quicroam.pathmanager.time.Cancellable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The path manager's record of one open path. Owned by the path manager's thread, except the traffic fields,
 * which the agent's packet threads update lock-free (and the published gauge values, read by metric scrapes).
 */
final class PathEntry {
    /** A probe in flight: when it left, whether it is a half-open trial, and its loss timer. */
    record Outstanding(long sentNanos, boolean trial, Cancellable timeout) {}

    final PathId id;
    /** Replaced when the policy is reloaded; read on the time source's thread only. */
    InterfacePolicy policy;

    final PathHealth health;
    final Map<Long, Outstanding> outstanding = new HashMap<>();
    /** When the last few probes counted lost were sent, so that a late answer still measures the path. */
    final LateAnswers late = new LateAnswers();

    long nextSequence;
    long lastSentNanos = Long.MIN_VALUE;
    boolean forced;
    PathRole role = PathRole.BACKUP;
    /** Why the agent says this path must not carry traffic (e.g. {@code mtu-too-small}), or null. */
    String unusable;

    Cancellable tick = () -> {};

    // Written by packet threads. Heard: user traffic or a probe answer (liveness); traffic: user traffic only
    // (pacing: an answered probe must not postpone the next one).
    volatile long lastHeardNanos = Long.MIN_VALUE;
    volatile long lastTrafficNanos = Long.MIN_VALUE;
    /** When the last probe counted lost was sent: a path not heard from since then is silent. */
    long lastLostSentNanos = Long.MIN_VALUE;

    final LongAdder bytesReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();

    // Published for metric scrapes on other threads.
    volatile double rttSeconds = Double.NaN;
    volatile double lossRatio;
    volatile int stateCode;
    long probesSent;

    PathEntry(PathId id, InterfacePolicy policy, PathHealth health) {
        this.id = id;
        this.policy = policy;
        this.health = health;
    }

    PathView view() {
        return new PathView(
                id,
                health.state(),
                health.stateSinceNanos(),
                policy,
                health.rtt().hasSample(),
                health.rtt().srttNanos(),
                health.readmission().failures(),
                silent(),
                health.waveringUntilNanos(),
                health.audition().passed());
    }

    /**
     * Whether the path's network is gone, not just slow: its probes lost in a row (a late answer or user traffic
     * restarts that count) and nothing heard from it since the last of them left.
     */
    boolean silent() {
        return health.silent() && lastHeardNanos <= lastLostSentNanos;
    }

    /** The path as status output shows it, in {@code role}. */
    PathSnapshot snapshot(PathRole role) {
        var rtt = health.rtt();
        return new PathSnapshot(
                id,
                health.state(),
                role,
                rtt.hasSample() ? Optional.of(Duration.ofNanos(rtt.srttNanos())) : Optional.empty(),
                Duration.ofNanos(rtt.rttvarNanos()),
                health.lossRatio(),
                probesSent,
                health.probesLost(),
                bytesSent.sum(),
                bytesReceived.sum(),
                Optional.ofNullable(unusable));
    }

    /** Copies the health figures to the fields the gauges read. */
    void publish() {
        rttSeconds = health.rtt().hasSample() ? health.rtt().srttNanos() / 1e9 : Double.NaN;
        lossRatio = health.lossRatio();
        stateCode = health.state().ordinal();
    }

    boolean failed() {
        return health.state() == PathState.FAILED;
    }
}
