package io.quicroam.simulator.measure;

/**
 * What the process holds at one moment of a run (gateway, agent and emulator share it): heap in use after the
 * last garbage collection, live threads, open file descriptors (-1 where the platform does not say).
 */
public record ResourceSample(long atMillis, long heapAfterGcBytes, int threads, long openFds) {
}
