package io.quicroam.cli.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump on one interface of a lab's namespace, UDP headers only, nanosecond timestamps: where on the wire a
 * round trip's time went. Optional: without tcpdump on the PATH {@link #start} answers empty and the figures that
 * need it are left out. Stopped by its own PID (SIGTERM, which flushes the file), on {@link #close} whatever
 * happened.
 */
final class VethCapture implements AutoCloseable {
    private final Process tcpdump;
    private final Path file;

    private VethCapture(Process tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Captures UDP on {@code device} in {@code namespace} into {@code file} once tcpdump says it listens. */
    static Optional<VethCapture> start(String namespace, String device, Path file) throws IOException {
        if (!onPath("tcpdump")) {
            return Optional.empty();
        }
        // ip netns exec execs tcpdump in its own process: the PID is tcpdump's. -U writes each packet as it comes.
        Process process = new ProcessBuilder(List.of(
                        "ip",
                        "netns",
                        "exec",
                        namespace,
                        "tcpdump",
                        "-i",
                        device,
                        "-n",
                        "-s",
                        "96",
                        "-U",
                        "--time-stamp-precision=nano",
                        "-w",
                        file.toString(),
                        "udp"))
                .redirectErrorStream(true)
                .start();
        VethCapture capture = new VethCapture(process, file);
        try {
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = output.readLine()) != null; ) {
                if (line.contains("listening on")) {
                    return Optional.of(capture);
                }
            }
            throw new IOException("tcpdump in " + namespace + " stopped before it listened on " + device);
        } catch (IOException | RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    /** Stops the capture and reads what it caught. */
    List<UdpHeader> stopAndRead() throws IOException, InterruptedException {
        close();
        return UdpHeader.readPcap(Files.readAllBytes(file));
    }

    @Override
    public void close() {
        if (!tcpdump.isAlive()) {
            return;
        }
        tcpdump.destroy();
        try {
            if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
                tcpdump.destroyForcibly();
            }
        } catch (InterruptedException e) {
            tcpdump.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
