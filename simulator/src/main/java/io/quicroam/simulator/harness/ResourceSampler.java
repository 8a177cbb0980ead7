package io.quicroam.simulator.harness;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;
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
 * grows: heap after the last GC (every heap pool's use right after the most recent collection, young or full; a full
 * GC is forced only at three points, which would disturb the run's timing more often), live threads, open file
 * descriptors. Called from one thread.
 */
final class ResourceSampler {
    private final List<ResourceSample> samples = new ArrayList<>();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    /** @param emulatorSockets how many of the process's descriptors are the link emulator's sockets now */
    void sample(long atNanos, long emulatorSockets) {
        samples.add(new ResourceSample(
                atNanos / 1_000_000,
                heapAfterLastGc(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                openFds(),
                emulatorSockets));
    }

    /**
     * Before the traffic starts, once the run is warm and after it ends: a full collection first, so the heap figure
     * is live data only; {@code recordsBytes} is what the simulator's records hold of it.
     */
    void sampleAfterFullGc(long atNanos, long emulatorSockets, long recordsBytes) {
        System.gc();
        samples.add(new ResourceSample(
                atNanos / 1_000_000,
                heapAfterLastGc(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                openFds(),
                emulatorSockets,
                true,
                recordsBytes));
    }

    private long heapAfterLastGc() {
        GcInfo last = null;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof GarbageCollectorMXBean gc
                    && gc.getLastGcInfo() != null
                    && (last == null || gc.getLastGcInfo().getEndTime() > last.getEndTime())) {
                last = gc.getLastGcInfo();
            }
        }
        if (last == null) {
            return 0;
        }
        long heap = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage after = last.getMemoryUsageAfterGc().get(pool.getName());
            heap += after == null ? 0 : after.getUsed();
        }
        return heap;
    }

    private static long openFds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    List<ResourceSample> samples() {
        return List.copyOf(samples);
    }
}
