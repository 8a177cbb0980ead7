package io.quicroam.simulator.measure;

/**
 * What the process holds at one moment of a run (gateway, agent and emulator share it): heap in use after the
 * last garbage collection, live threads, open file descriptors (-1 where the platform does not say) and how many of
 * them are the link emulator's sockets (a NAT rebind opens one and keeps the old, as a NAT would keep dropping
 * what still goes to the old mapping).
 */
public record ResourceSample(long atMillis, long heapAfterGcBytes, int threads, long openFds, long emulatorFds) {

    /** The descriptors of the gateway and the agent (and the JVM): what must not grow. */
    public long fdsOutsideEmulator() {
        return openFds < 0 ? -1 : openFds - emulatorFds;
    }
}
