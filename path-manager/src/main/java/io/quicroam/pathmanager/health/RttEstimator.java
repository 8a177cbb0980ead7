package io.quicroam.pathmanager.health;

import java.time.Duration;

/**
 * Smoothed RTT and RTT variation per RFC 6298 §2, in nanoseconds. The 1 s floor of §2.4 is deliberately not
 * applied: it is meant for TCP retransmission, and a path prober must notice a dead network in a few hundred
 * milliseconds; callers clamp the RTO to their own bounds instead.
 */
public final class RttEstimator {
    /** RFC 6298 §2.1: before the first measurement, RTO is 1 second. */
    public static final long INITIAL_RTO_NANOS = 1_000_000_000L;
    /** RFC 6298 §2.3: K = 4. */
    private static final int K = 4;

    private final long granularityNanos;
    private long srtt;
    private long rttvar;
    private boolean measured;

    /** @param granularity the clock granularity G of RFC 6298 §2 */
    public RttEstimator(Duration granularity) {
        this.granularityNanos = granularity.toNanos();
    }

    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("negative RTT sample: " + rttNanos);
        }
        if (!measured) {
            // RFC 6298 §2.2: SRTT <- R, RTTVAR <- R/2.
            srtt = rttNanos;
            rttvar = rttNanos / 2;
            measured = true;
            return;
        }
        // RFC 6298 §2.3, alpha = 1/8, beta = 1/4; RTTVAR is updated first, from the old SRTT.
        rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
        srtt = (7 * srtt + rttNanos) / 8;
    }

    public boolean hasSample() {
        return measured;
    }

    /** Smoothed RTT; zero before the first sample. */
    public long srttNanos() {
        return srtt;
    }

    public long rttvarNanos() {
        return rttvar;
    }

    /** RFC 6298 §2.2/§2.3: RTO = SRTT + max(G, K*RTTVAR); §2.1 before any sample. */
    public long rtoNanos() {
        return measured ? srtt + Math.max(granularityNanos, K * rttvar) : INITIAL_RTO_NANOS;
    }
}
