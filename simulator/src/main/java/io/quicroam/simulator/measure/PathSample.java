package io.quicroam.simulator.measure;

/**
 * One path at one moment of a run, for charts: throughput through its emulated link over the last sampling
 * interval (bits/s of UDP payload, each way), the agent's view of it (state and smoothed RTT; "none" and NaN
 * when the agent has no path there) and the link's own state (up, down, blackhole).
 */
public record PathSample(
        long atMillis,
        double upBitsPerSecond,
        double downBitsPerSecond,
        String state,
        double rttMillis,
        String linkState) {}
