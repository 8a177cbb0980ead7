package io.quicroam.simulator.link;

/** A time interval over which a setting moves linearly from its old value to its new one. */
record Ramp(long startNanos, long endNanos) {
    Ramp {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("ramp ends before it starts: " + startNanos + " > " + endNanos);
        }
    }

    /** A ramp that is already complete at {@code atNanos}. */
    static Ramp instant(long atNanos) {
        return new Ramp(atNanos, atNanos);
    }

    /** {@code from} before the ramp, {@code to} after it, linear in between. */
    double interpolate(double from, double to, long nowNanos) {
        if (nowNanos >= endNanos) {
            return to;
        }
        if (nowNanos <= startNanos) {
            return from;
        }
        double fraction = (double) (nowNanos - startNanos) / (endNanos - startNanos);
        return from + (to - from) * fraction;
    }
}
