package io.quicroam.pathmanager.health;

/**
 * Fresh evidence that a standby path works now, before it takes the traffic from a carrier that still delivers (issue
 * #13: a move back to a network that failed needs "fresh probes at the rate traffic would need, not only a timer").
 * A standby is probed every standby-interval, so a timer alone moves the traffic onto a network that answered one probe
 * in 25 s: one whose uplink loses a third of its packets answers most such probes. While the scheduler asks for an
 * audition the path is probed at the active pace; {@link #ANSWERS} answers in time with fewer than {@link #MISSES}
 * misses pass it (half a second at the default 50 ms), {@link #MISSES} misses fail it. A miss is a probe lost or
 * answered with an RTT well above the path's baseline ({@link FadeDetector#inflated}: a cell that recovered its
 * signal but not its rate). Only probes sent since the audition began count. Single-threaded.
 */
public final class Audition {
    /** What one audition probe's outcome did. */
    public enum Outcome {
        PASSED,
        FAILED,
        PENDING
    }

    /** Answers in time that pass an audition: 0.5 s of probes at the default active pace. */
    static final int ANSWERS = 10;
    /** Misses that fail it: one lost probe in ten is what a good Wi-Fi may lose; two say its loss is real. */
    static final int MISSES = 2;

    private static final long OFF = Long.MIN_VALUE;

    private long sinceNanos = OFF;
    private int answers;
    private int misses;

    /** The scheduler asks for evidence: probes sent from now on count (an audition already on goes on). */
    public void begin(long nowNanos) {
        if (sinceNanos == OFF) {
            sinceNanos = nowNanos;
            answers = 0;
            misses = 0;
        }
    }

    /** The scheduler no longer asks (the path carries traffic now, or the carrier recovered). */
    public void end() {
        sinceNanos = OFF;
    }

    public boolean on() {
        return sinceNanos != OFF;
    }

    /** Whether the path passed its audition, which is still on. */
    public boolean passed() {
        return on() && answers >= ANSWERS && misses < MISSES;
    }

    /** The outcome of a probe sent at {@code sentNanos}: {@code answered} in time and at a normal RTT, or missed. */
    Outcome record(long sentNanos, boolean answered) {
        if (!on() || sentNanos < sinceNanos) {
            return Outcome.PENDING;
        }
        boolean wasPassed = passed();
        if (answered) {
            answers++;
        } else {
            misses++;
        }
        if (misses >= MISSES) {
            end();
            return Outcome.FAILED;
        }
        return passed() && !wasPassed ? Outcome.PASSED : Outcome.PENDING;
    }
}
