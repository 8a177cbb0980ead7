package io.quicroam.pathmanager;

import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.policy.ProbePacer;
import io.quicroam.pathmanager.policy.ProbeSettings;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;

/**
 * When each path is probed: a path's next probe tick is planned at the time {@link ProbePacer} allows, and its probe
 * sent when the tick is due (a FAILED path's only in its re-admission breaker's half-open window, as a trial). On the
 * path manager's thread.
 */
final class ProbeTicks {
    private final TimeSource time;
    private final TrafficActivity activity;
    private final PathManagerListener listener;
    private final Map<PathId, PathMetrics.PathMeters> meters;
    /** Whether a path is still the open one under its id (a tick of a closed or replaced path does nothing). */
    private final Predicate<PathEntry> open;
    /** A probe's timeout ran out: the path manager counts it lost. */
    private final ObjLongConsumer<PathEntry> lost;
    /** Last probe per interface, kept across path restarts: the metered budget belongs to the interface. */
    private final Map<String, Long> lastProbeOnInterface = new HashMap<>();

    private ProbeSettings settings;
    private ProbePacer pacer;

    ProbeTicks(
            ProbeSettings settings,
            TimeSource time,
            TrafficActivity activity,
            PathManagerListener listener,
            Map<PathId, PathMetrics.PathMeters> meters,
            Predicate<PathEntry> open,
            ObjLongConsumer<PathEntry> lost) {
        this.time = time;
        this.activity = activity;
        this.listener = listener;
        this.meters = meters;
        this.open = open;
        this.lost = lost;
        reconfigure(settings);
    }

    /** New probe settings (a reload): the pacing applies from each path's next plan on. */
    void reconfigure(ProbeSettings next) {
        settings = next;
        pacer = new ProbePacer(next);
    }

    /** Probes {@code e} as soon as the pacer allows (within the metered limit). */
    void force(PathEntry e) {
        e.forced = true;
        plan(e);
    }

    /** (Re)schedules the path's next probe tick at the time the pacer allows. */
    void plan(PathEntry e) {
        scheduleTick(e, pacer.dueNanos(pacingInputs(e)));
    }

    private void scheduleTick(PathEntry e, long dueNanos) {
        e.tick.cancel();
        long delay = dueNanos == Long.MIN_VALUE ? 0 : Math.max(0, dueNanos - time.nanos());
        e.tick = time.schedule(Duration.ofNanos(delay), () -> tick(e));
    }

    private ProbePacer.Inputs pacingInputs(PathEntry e) {
        long trialAt = e.failed() ? e.health.readmission().nextTrialNanos() : Long.MIN_VALUE;
        return new ProbePacer.Inputs(
                e.health.state(),
                e.health.consecutiveLosses() > 0,
                // An idle tunnel's carrying path is paced like a standby one (TrafficActivity).
                e.role == PathRole.AVAILABLE && activity.active(time.nanos()),
                e.health.audition().on(),
                e.policy.metered(),
                e.forced,
                e.lastSentNanos,
                lastProbeOnInterface.getOrDefault(e.id.interfaceName(), Long.MIN_VALUE),
                e.lastTrafficNanos,
                trialAt);
    }

    private void tick(PathEntry e) {
        if (!open.test(e)) {
            return;
        }
        long now = time.nanos();
        long due = pacer.dueNanos(pacingInputs(e));
        if (due != Long.MIN_VALUE && now < due) {
            scheduleTick(e, due); // e.g. user traffic arrived since the tick was planned
            return;
        }
        boolean trial = false;
        if (e.failed()) {
            if (!e.health.readmission().tryTrial(now)) {
                long wake = e.health.readmission().nextTrialNanos();
                if (wake != Long.MIN_VALUE) {
                    scheduleTick(
                            e, Math.max(wake, now + settings.activeInterval().toNanos()));
                }
                return; // Half-open with every trial probe out: their outcomes plan the next step.
            }
            trial = true;
        }
        sendProbe(e, trial, now);
        plan(e);
    }

    private void sendProbe(PathEntry e, boolean trial, long now) {
        long seq = e.nextSequence++;
        Cancellable timeout = time.schedule(Duration.ofNanos(e.health.probeTimeoutNanos()), () -> lost.accept(e, seq));
        e.outstanding.put(seq, new PathEntry.Outstanding(now, trial, timeout));
        e.lastSentNanos = now;
        lastProbeOnInterface.put(e.id.interfaceName(), now);
        e.forced = false;
        e.probesSent++;
        meters.get(e.id).probesSent().increment();
        PathManager.call(() -> listener.sendProbe(e.id, seq));
    }
}
