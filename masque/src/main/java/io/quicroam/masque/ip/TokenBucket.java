package io.quicroam.masque.ip;

/**
 * A token bucket: tokens refill at a steady rate up to a capacity, an event may happen while one is left. Not
 * thread-safe; time (nanoseconds) is passed in, so tests run on virtual time.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updated;

    /** Starts full. */
    public TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.updated = nowNanos;
    }

    /** Whether a token is left now (after refilling); does not take it. */
    public boolean hasToken(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - updated) * perNano);
        updated = nowNanos;
        return tokens >= 1;
    }

    public void take() {
        tokens -= 1;
    }

    /** Takes a token if one is left now. */
    public boolean tryTake(long nowNanos) {
        if (!hasToken(nowNanos)) {
            return false;
        }
        take();
        return true;
    }
}
