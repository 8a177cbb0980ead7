package io.quicroam.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this process's threads whose names start with a prefix, so a benchmark can say what the agent's and
 * the gateway's event loops (which share one process with it) each spent. Threads that ended are not counted.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {}

    /** Nanoseconds of CPU the live threads named {@code prefix}... used so far; 0 where the JVM cannot tell. */
    static long nanos(String prefix) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            return 0;
        }
        long total = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith(prefix)) {
                total += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }

    /** Nanoseconds of CPU the calling thread used so far. */
    static long current() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
