package io.quicroam.cli.idle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One process's costs as the kernel counts them in {@code /proc/PID}: CPU time (utime + stime), resident memory
 * (VmRSS), threads, and context switches summed over its threads (each is a thread going to sleep or being
 * preempted: the wake-ups an idle process should not have).
 */
record ProcessFigures(double cpuSeconds, long rssKib, int threads, long contextSwitches) {
    /** Clock ticks per second of {@code /proc/PID/stat}'s times: USER_HZ, 100 on every Linux architecture ABI. */
    private static final double USER_HZ = 100;

    static ProcessFigures of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(proc.resolve("stat"));
        // After the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / USER_HZ;
        String status = Files.readString(proc.resolve("status"));
        long switches = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String taskStatus = Files.readString(task.resolve("status"));
                    switches += field(taskStatus, "voluntary_ctxt_switches")
                            + field(taskStatus, "nonvoluntary_ctxt_switches");
                } catch (NoSuchFileException ended) {
                    // a thread that ended while we looked
                }
            }
        }
        return new ProcessFigures(cpu, field(status, "VmRSS"), (int) field(status, "Threads"), switches);
    }

    private static long field(String status, String name) throws IOException {
        for (String line : status.lines().toList()) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + name + " in /proc status");
    }
}
