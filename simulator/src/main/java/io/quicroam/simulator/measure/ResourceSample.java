package io.quicroam.simulator.measure;

/**
 * What the process holds at one moment of a run (gateway, agent and emulator share it): heap in use after the
 * last garbage collection, live threads, open file descriptors (-1 where the platform does not say) and how many of
 * them are the link emulator's sockets (a NAT rebind opens one and keeps the old, as a NAT would keep dropping
 * what still goes to the old mapping). {@code afterFullGc}: taken right after a full collection the sampler asked
 * for (before the traffic starts, once the run is warm, and after it ends), the only heap figure that shows a leak
 * rather than garbage that young collections do not reach; {@code recordsBytes}: how much of that heap the
 * simulator's own records of the run held then (every datagram's times, the path samples), which grow with the run
 * by design.
 */
public record ResourceSample(
        long atMillis,
        long heapAfterGcBytes,
        int threads,
        long openFds,
        long emulatorFds,
        boolean afterFullGc,
        long recordsBytes) {

    /** A sample during the run: heap after whatever collection ran last. */
    public ResourceSample(long atMillis, long heapAfterGcBytes, int threads, long openFds, long emulatorFds) {
        this(atMillis, heapAfterGcBytes, threads, openFds, emulatorFds, false, 0);
    }

    /** The descriptors of the gateway and the agent (and the JVM): what must not grow. */
    public long fdsOutsideEmulator() {
        return openFds < 0 ? -1 : openFds - emulatorFds;
    }

    /** The live heap of the gateway, the agent and the emulator: the heap less the simulator's records. */
    public long heapWithoutRecordsBytes() {
        return heapAfterGcBytes - recordsBytes;
    }
}
