package io.quicroam.simulator.link;

/** Virtual-time units for tests. */
final class Time {
    private Time() {}

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    static long s(double seconds) {
        return Math.round(seconds * 1_000_000_000);
    }
}
