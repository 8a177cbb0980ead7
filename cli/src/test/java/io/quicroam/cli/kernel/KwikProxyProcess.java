package io.quicroam.cli.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kwik CONNECT-IP proxy in a JVM of its own inside a namespace ({@link KwikProxyMain}), as the quicroam gateway
 * runs: a separate process, not the test's JVM, where Kwik's client has just run before each echo reaches the proxy.
 * Started on the test JVM's java and class path ({@link KernelLab#java}) with the JVM options given and no others, its
 * standard error into a log in the test's directory; asked for its template, CA file and packet counters over its
 * standard input and output; stopped by its PID, forcibly if it does not end by itself.
 */
final class KwikProxyProcess implements AutoCloseable {
    private static final long ANSWER_SECONDS = 30;

    private final Process process;
    private final Path log;
    private final PrintStream requests;
    private final BufferedReader answers;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kwik-proxy-answers");
        thread.setDaemon(true);
        return thread;
    });
    private final String template;
    private final Path caFile;

    /**
     * Starts the proxy on {@code address} in {@code namespace}, assigning {@code assigned} and routing
     * {@code firstRouted}-{@code lastRouted}; returns once it listens.
     */
    static KwikProxyProcess start(
            String namespace,
            List<String> jvmOptions,
            Path log,
            String address,
            String assigned,
            String firstRouted,
            String lastRouted)
            throws Exception {
        List<String> command = KernelLab.java(namespace, jvmOptions, KwikProxyMain.class.getName());
        command.addAll(List.of(address, assigned, firstRouted, lastRouted));
        Process process = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectError(log.toFile())
                .start();
        try {
            return new KwikProxyProcess(process, log);
        } catch (Exception | Error e) {
            kill(process);
            throw e;
        }
    }

    private KwikProxyProcess(Process process, Path log) throws Exception {
        this.process = process;
        this.log = log;
        this.requests = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] ready = answer("ready", log);
        this.template = ready[1];
        this.caFile = Path.of(ready[2]);
    }

    /** The URI template clients use (server.url). */
    String template() {
        return template;
    }

    /** The certificate clients must trust (server.ca-file). */
    Path caFile() {
        return caFile;
    }

    /** The proxy's {@code ProxyCounters.packetsIn} now. */
    long packetsIn() throws Exception {
        return counters()[0];
    }

    /** The proxy's {@code ProxyCounters.packetsOut} now. */
    long packetsOut() throws Exception {
        return counters()[1];
    }

    private long[] counters() throws Exception {
        requests.println("counters");
        String[] answer = answer("counters", null);
        return new long[] {Long.parseLong(answer[1]), Long.parseLong(answer[2])};
    }

    /** The next line the proxy answers, split at spaces; it must start with {@code expected}. */
    private String[] answer(String expected, Path log) throws Exception {
        Future<String> line = reader.submit(answers::readLine);
        String text;
        try {
            text = line.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line.cancel(true);
            throw new IllegalStateException("the Kwik proxy (PID " + process.pid() + ") did not answer " + expected, e);
        }
        if (text == null || !text.startsWith(expected + " ")) {
            throw new IllegalStateException("the Kwik proxy (PID " + process.pid() + ") answered " + text + " to "
                    + expected + (log == null ? "" : "; see " + log));
        }
        return text.split(" ");
    }

    /**
     * Stops the proxy, and fails if Kwik aborted a client's connection on an internal error meanwhile (as
     * {@code KwikProxy.close()} does); the process is killed by its PID if it has not ended 10 s later.
     */
    @Override
    public void close() throws Exception {
        String last;
        try {
            requests.println("close");
            last = reader.submit(answers::readLine).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            last = "no answer: " + e;
        } finally {
            kill(process);
            reader.shutdownNow();
            List<String> lines = Files.readAllLines(log);
            System.out.println("---- " + log.getFileName() + " (last lines)");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
        }
        if (!"closed".equals(last)) {
            throw new IllegalStateException("the Kwik proxy (PID " + process.pid() + ") on close: " + last);
        }
    }

    /**
     * Closes {@code process}'s standard input (it stops the proxy and exits), waits up to 10 s for it to end, then
     * SIGTERM, SIGKILL 10 s later ({@link KernelLab#stop}): by its PID, never by name.
     */
    private static void kill(Process process) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException gone) {
            // it has ended already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            KernelLab.stop(process);
        }
    }
}
