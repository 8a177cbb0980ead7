package io.quicroam.cli.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.linux.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scripts/netns-lab.sh for one test (its own namespace prefix and settings), and the quicroam processes the test
 * runs in it: started as a user starts them, stopped (SIGTERM, by PID) and their logs printed, and the lab deleted,
 * whatever happens ({@link #close()} in the test's finally).
 */
final class KernelLab implements AutoCloseable {
    static final String TOKEN = "kernel-test-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final Map<String, String> settings;
    private final Path dir;
    private final Path script =
            Path.of("..", "scripts", "netns-lab.sh").toAbsolutePath().normalize();
    private final List<Process> processes = new ArrayList<>();
    private final Set<String> logs = new LinkedHashSet<>();

    /**
     * @param prefix   the namespaces' prefix, unique to the test
     * @param settings netns-lab.sh's environment (QRLAB_WIFI, QRLAB_WIFI_MTU, ...)
     * @param dir      where configurations and logs go
     */
    KernelLab(String prefix, Map<String, String> settings, Path dir) throws Exception {
        this.prefix = prefix;
        this.settings = settings;
        this.dir = dir;
        assertThat(script).exists();
        script("up");
    }

    String laptop() {
        return prefix + "-laptop";
    }

    String gateway() {
        return prefix + "-gw";
    }

    String server() {
        return prefix + "-srv";
    }

    Path dir() {
        return dir;
    }

    /** Runs netns-lab.sh {@code verb} with this lab's settings. */
    void script(String verb) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), verb).redirectErrorStream(true);
        builder.environment().putAll(settings);
        builder.environment().put("QRLAB", prefix);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("netns-lab.sh " + verb + ": " + output)
                .isZero();
    }

    /** Writes the token files the gateway and agent configurations name (owner-only, as the agent demands). */
    void writeTokens() throws IOException {
        Files.writeString(dir.resolve("tokens.txt"), "laptop " + TOKEN + "\n");
        Files.writeString(dir.resolve("token.txt"), TOKEN);
        for (String file : List.of("tokens.txt", "token.txt")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Starts {@code quicroam args...} inside {@code namespace}, its output into {@code log}. */
    Process quicroam(String namespace, String log, String... args) throws IOException {
        return quicroam(namespace, log, List.of(), args);
    }

    /** Like {@link #quicroam(String, String, String...)}, the JVM started with {@code jvmOptions} (e.g. an @-file). */
    Process quicroam(String namespace, String log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = java(namespace, jvmOptions, "io.quicroam.cli.Main");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
        processes.add(process);
        logs.add(log);
        return process;
    }

    /**
     * The command that runs {@code mainClass} inside {@code namespace} on this JVM's java and class path, with
     * {@code jvmOptions} and no others ({@code ip netns exec} execs java: the process's PID is the JVM's).
     */
    static List<String> java(String namespace, List<String> jvmOptions, String mainClass) {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                ProcessHandle.current().info().command().orElse("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return command;
    }

    /** Stops {@code process} (SIGTERM: the agent removes its routes and TUN), forcibly after 10 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** What a process started by {@link #quicroam} has written to {@code log} so far. */
    String log(String log) throws IOException {
        Path file = dir.resolve(log);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    void awaitLog(String log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!log(log).contains(text)) {
            assertThat(System.nanoTime()).as(log + " says '" + text + "'").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** {@code quicroam status --json} of the agent at {@code socket}, once {@code ready} holds. */
    static JsonNode awaitStatus(Path socket, Predicate<JsonNode> ready, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (true) {
            if (Files.exists(socket)) {
                try {
                    last = JSON.readTree(ControlServer.ask(socket, "status"));
                    if (ready.test(last)) {
                        return last;
                    }
                } catch (IOException notYet) {
                    // the agent is still starting
                }
            }
            assertThat(System.nanoTime())
                    .as("agent status ready; last: " + last)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Runs {@code command} inside {@code namespace}; it must succeed. */
    static String ns(String namespace, String... command) throws Exception {
        Result result = tryNs(namespace, command);
        assertThat(result.exitCode())
                .as(String.join(" ", command) + " in " + namespace + ": " + result.output())
                .isZero();
        return result.output();
    }

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {}

    /** Runs {@code command} inside {@code namespace}, whatever its outcome. */
    static Result tryNs(String namespace, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** The value of one series of a daemon's Prometheus endpoint on the loopback of {@code namespace}. */
    static double metric(String namespace, int port, String series) throws Exception {
        String text;
        try (NetworkNamespace inside = NetworkNamespace.attach(namespace)) {
            text = inside.call(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
        }
        Matcher value =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(value.find()).as("metric " + series).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** Stops every process still running, prints the end of each log, deletes the namespaces even on failure. */
    @Override
    public void close() throws Exception {
        try {
            for (Process process : processes) {
                stop(process);
            }
            for (String log : logs) {
                List<String> lines = log(log).lines().toList();
                System.out.println("---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            }
        } finally {
            script("down");
        }
    }
}
