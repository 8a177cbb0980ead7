package io.quicroam.simulator.harness;

import com.sun.management.UnixOperatingSystemMXBean;
import io.quicroam.simulator.measure.ResourceSample;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples what the process holds (gateway, agent and emulator run in it) so a long run shows whether anything
 * grows: heap after the last GC (the used size each heap pool reported after its last collection; no GC is
 * forced, which would disturb the run's timing), live threads, open file descriptors. Called from one thread.
 */
final class ResourceSampler {
    private final List<ResourceSample> samples = new ArrayList<>();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    /** @param emulatorSockets how many of the process's descriptors are the link emulator's sockets now */
    void sample(long atNanos, long emulatorSockets) {
        long heap = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            heap += afterGc == null ? 0 : afterGc.getUsed();
        }
        samples.add(new ResourceSample(atNanos / 1_000_000, heap,
                ManagementFactory.getThreadMXBean().getThreadCount(), openFds(), emulatorSockets));
    }

    private static long openFds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    List<ResourceSample> samples() {
        return List.copyOf(samples);
    }
}
