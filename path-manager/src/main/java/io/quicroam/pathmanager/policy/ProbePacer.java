package io.quicroam.pathmanager.policy;

import io.quicroam.pathmanager.health.PathState;

/**
 * When a path is probed next. Pacing is policy:
 * <ul>
 *   <li>a new, suspect or recently lossy path: every active-interval, to settle its state quickly;</li>
 *   <li>the path carrying traffic: every active-interval once it has been silent that long (user traffic received
 *       proves it as well as a probe), and every four active-intervals while traffic flows, to keep measuring it;</li>
 *   <li>a standby path: every standby-interval, enough to keep NAT bindings and to know it works;</li>
 *   <li>a standby path in an audition (it must show that it works now before it takes the traffic): every
 *       active-interval, the rate traffic would need;</li>
 *   <li>a FAILED path: when its circuit breaker allows a trial, then trial probes every active-interval;</li>
 *   <li>a forced re-probe (after a resume or a route change): now;</li>
 *   <li>and whatever the above says, a metered interface (all its paths together) never more often than
 *       metered-min-interval, except the carrying path's probes of a silence or of a loss and an audition's probes: the
 *       limit spares standby paths and routine measurement, while a carrying path paced at 1/s would take seconds to
 *       show that it went silent, and an audition lasts half a second before the traffic, which costs far more, moves
 *       there.</li>
 * </ul>
 * This class is the only place that enforces the metered limit.
 */
public final class ProbePacer {
    /**
     * Everything pacing depends on for one path. Times are Long.MIN_VALUE for never; {@code lastTrafficNanos} is
     * user traffic received only; {@code lastSentOnInterfaceNanos} the last probe of any path on the same
     * interface (the metered budget is the interface's); {@code trialAtNanos} when a FAILED path's breaker allows the next trial.
     */
    public record Inputs(
            PathState state,
            boolean confirmingLoss,
            boolean carriesTraffic,
            boolean auditioning,
            boolean metered,
            boolean forced,
            long lastSentNanos,
            long lastSentOnInterfaceNanos,
            long lastTrafficNanos,
            long trialAtNanos) {}

    /** Under traffic the path carrying it is probed every this-many active intervals. */
    static final int UNDER_TRAFFIC_FACTOR = 4;

    private final long activeNanos;
    private final long standbyNanos;
    private final long meteredNanos;

    public ProbePacer(ProbeSettings settings) {
        this.activeNanos = settings.activeInterval().toNanos();
        this.standbyNanos = settings.standbyInterval().toNanos();
        this.meteredNanos = settings.meteredMinInterval().toNanos();
    }

    /** The earliest time the next probe may go. */
    public long dueNanos(Inputs in) {
        long limit = in.metered() ? after(in.lastSentOnInterfaceNanos(), meteredNanos) : Long.MIN_VALUE;
        long due;
        if (in.state() == PathState.FAILED) {
            due = Math.max(in.trialAtNanos(), after(in.lastSentNanos(), activeNanos));
        } else if (in.forced()) {
            due = Long.MIN_VALUE;
        } else if (in.state() != PathState.ACTIVE_CAPABLE || in.confirmingLoss() || in.auditioning()) {
            due = after(in.lastSentNanos(), activeNanos);
        } else if (in.carriesTraffic()) {
            // Silence is probed at once, metered or not: a carrying path limited to one probe a second would take
            // seconds to show that it went quiet. While traffic flows, a probe every few intervals (on a metered
            // interface, within its limit) still measures the path's RTT and loss.
            return Math.min(
                    Math.max(after(in.lastSentNanos(), activeNanos), after(in.lastTrafficNanos(), activeNanos)),
                    Math.max(after(in.lastSentNanos(), activeNanos * UNDER_TRAFFIC_FACTOR), limit));
        } else {
            due = after(in.lastSentNanos(), standbyNanos);
        }
        if ((in.carriesTraffic() || in.auditioning()) && in.state() != PathState.FAILED) {
            return due; // confirming a loss on the carrying path: as fast as a silence; an audition: briefly
        }
        return Math.max(due, limit);
    }

    private static long after(long time, long interval) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : time + interval;
    }
}
