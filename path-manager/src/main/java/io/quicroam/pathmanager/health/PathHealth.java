package io.quicroam.pathmanager.health;

import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Health of one path from its probes: RTT (RFC 6298), loss over a sliding window, and the state machine with
 * hysteresis described in {@link PathState}. One lost probe never changes the state; a loss followed by user
 * traffic from the path does not count towards the consecutive losses (the path is evidently alive).
 * Single-threaded: owned by the path manager's thread.
 */
public final class PathHealth {
    /** Loss over the window that makes a capable path SUSPECT, and the probes needed before it is judged. */
    static final double DEGRADED_LOSS = 0.25;

    static final int DEGRADED_MIN_PROBES = 8;

    /** A probe is lost after at most this long, however large the RTO grows: a path that slow is no use. */
    static final long MAX_TIMEOUT_NANOS = Duration.ofSeconds(3).toNanos();
    /** Clock granularity G of RFC 6298 for the nanosecond clock we use: 1 ms keeps the RTO above jitter noise. */
    private static final Duration GRANULARITY = Duration.ofMillis(1);

    private final ProbeSettings settings;
    private final RttEstimator rtt = new RttEstimator(GRANULARITY);
    private final LossWindow window;
    private final Readmission readmission;
    private final FadeDetector fade = new FadeDetector();
    private final Audition audition = new Audition();
    private final FailureRecord record;
    private PathState state = PathState.PROBING;
    private long stateSinceNanos;
    private int consecutiveLosses;
    private int consecutiveAnswers;
    private long probesLost;
    /** How long the peer may hold a probe's answer on purpose (a delayed ACK), on top of the RTO. */
    private long answerDelayNanos;

    /** @param record the interface's record of failures, shared by its successive paths */
    public PathHealth(String name, ProbeSettings settings, Clock clock, long nowNanos, FailureRecord record) {
        this.settings = settings;
        this.record = record;
        this.window = new LossWindow(settings.lossWindow());
        this.readmission = new Readmission(name, settings, clock, record);
        this.stateSinceNanos = nowNanos;
    }

    /** A probe was answered after {@code rttNanos}; {@code trial} if it was sent as a half-open trial. */
    public Optional<PathState> answered(long rttNanos, boolean trial, long nowNanos) {
        rtt.sample(rttNanos);
        window.record(false);
        consecutiveLosses = 0;
        consecutiveAnswers++;
        return switch (state) {
            case PROBING -> enter(PathState.ACTIVE_CAPABLE, nowNanos);
            case SUSPECT ->
                consecutiveAnswers >= settings.recoverAfter() && !degraded()
                        ? enter(PathState.ACTIVE_CAPABLE, nowNanos)
                        : Optional.empty();
            // A path that was well until it slowed down must show an RTT near its baseline again, not only answer.
            case FAILED ->
                trial
                                && readmission.record(!fade.inflated(rttNanos), rttNanos, nowNanos)
                                        == Readmission.Outcome.READMITTED
                        ? enter(PathState.ACTIVE_CAPABLE, nowNanos)
                        : Optional.empty();
            case ACTIVE_CAPABLE -> Optional.empty();
        };
    }

    /**
     * A probe already counted lost was answered after {@code rttNanos}. Each probe has its own sequence, so the sample
     * is unambiguous (Karn's rule, RFC 6298 §3, is about retransmissions) and is taken: the RTO grows to what the path
     * (or a loaded CPU) now needs, instead of counting every later probe lost too. And the path evidently answers, so
     * the losses in a row start again (a late answer is not a silence); its state changes only on the next outcome.
     */
    public void lateAnswer(long rttNanos) {
        rtt.sample(rttNanos);
        consecutiveLosses = 0;
    }

    /** A probe got no answer in time; {@code heardSince} if user traffic arrived on the path after it was sent. */
    public Optional<PathState> lost(boolean trial, boolean heardSince, long nowNanos) {
        window.record(true);
        probesLost++;
        consecutiveAnswers = 0;
        consecutiveLosses = heardSince ? 0 : consecutiveLosses + 1;
        if (state == PathState.FAILED) {
            if (trial) {
                readmission.record(false, 0, nowNanos);
            }
            return Optional.empty();
        }
        if (consecutiveLosses >= settings.failedAfter()) {
            readmission.open(nowNanos);
            return enter(PathState.FAILED, nowNanos);
        }
        if (state == PathState.ACTIVE_CAPABLE && (consecutiveLosses >= settings.suspectAfter() || degraded())) {
            return enter(PathState.SUSPECT, nowNanos);
        }
        return Optional.empty();
    }

    /**
     * A sample of the transport carrying this path; the fade signal it completes, if any. Changes no state: only the
     * path manager knows whether another path could take the traffic ({@link #demote}).
     */
    public Optional<FadeSignal> transportSample(TransportSample sample, long nowNanos) {
        return fade.sample(sample, nowNanos);
    }

    /** An audition probe sent at {@code sentNanos} was answered after {@code rttNanos}: in time, unless inflated. */
    public Audition.Outcome auditionAnswered(long sentNanos, long rttNanos) {
        return audition.record(sentNanos, !fade.inflated(rttNanos));
    }

    /** An audition probe sent at {@code sentNanos} got no answer in time. */
    public Audition.Outcome auditionMissed(long sentNanos) {
        return audition.record(sentNanos, false);
    }

    public Audition audition() {
        return audition;
    }

    /** Until when the transport's figures show this path wavering ({@link FadeDetector#waveringUntilNanos}). */
    public long waveringUntilNanos() {
        return fade.waveringUntilNanos();
    }

    /**
     * The path fades while another could carry the traffic: FAILED through the breaker, like a silent path, so it
     * comes back only after trial probes and each renewed demotion doubles the wait before traffic returns.
     */
    public Optional<PathState> demote(long nowNanos) {
        if (state == PathState.FAILED) {
            return Optional.empty();
        }
        readmission.open(nowNanos);
        return enter(PathState.FAILED, nowNanos);
    }

    /**
     * A fading network: a quarter of the recent probes lost, though never enough in a row (user traffic still gets
     * through) to count as silent. Suspect too, so traffic leaves before the carrier finally drops.
     */
    private boolean degraded() {
        return window.size() >= DEGRADED_MIN_PROBES && window.lossRatio() >= DEGRADED_LOSS;
    }

    /** Losses keep counting through SUSPECT into FAILED; answers count afresh in every state. */
    private Optional<PathState> enter(PathState next, long nowNanos) {
        if (next == PathState.ACTIVE_CAPABLE) {
            record.healthy(nowNanos);
            if (state == PathState.FAILED) {
                window.clear(); // re-admitted: the losses that failed it say nothing of the path now
            }
        }
        state = next;
        stateSinceNanos = nowNanos;
        consecutiveAnswers = 0;
        return Optional.of(next);
    }

    /**
     * How long to wait for a probe's answer: RTO clamped to [timeout-min, 3 s], plus the {@link #answerDelay} the
     * peer may add.
     */
    public long probeTimeoutNanos() {
        long rto = Math.max(settings.timeoutMin().toNanos(), rtt.rtoNanos());
        return Math.min(MAX_TIMEOUT_NANOS, rto + answerDelayNanos);
    }

    /**
     * The peer answers probes with an acknowledgement it may delay by up to {@code delay} (QUIC's max_ack_delay): a
     * probe waits that much longer, as RFC 9002 §6.2.1 adds max_ack_delay to the PTO. Without it, the delays' spread
     * (an ACK at once, or one held for 25 ms) keeps the RTO tight and every ACK held a little longer counts as loss.
     */
    public void answerDelay(Duration delay) {
        answerDelayNanos = delay.toNanos();
    }

    public PathState state() {
        return state;
    }

    /** When the current state was entered (for a capable path: since when it has been stable). */
    public long stateSinceNanos() {
        return stateSinceNanos;
    }

    /**
     * Whether enough probes in a row were lost outright to suspect the path ({@code suspect-after}): none was answered,
     * even late, and no user traffic came while they were out. A slow path (answers late, an inflated RTT) or a lossy
     * one (user traffic between the losses) never gets there however many probes it loses.
     */
    public boolean silent() {
        return consecutiveLosses >= settings.suspectAfter();
    }

    public int consecutiveLosses() {
        return consecutiveLosses;
    }

    public RttEstimator rtt() {
        return rtt;
    }

    public double lossRatio() {
        return window.lossRatio();
    }

    public long probesLost() {
        return probesLost;
    }

    public Readmission readmission() {
        return readmission;
    }
}
