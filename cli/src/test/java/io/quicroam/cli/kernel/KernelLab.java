package io.quicroam.cli.kernel;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab of scripts/netns-lab.sh under a name prefix of its own (so tests never share namespaces), the quicroam
 * processes a test starts in it, and commands run in its namespaces. Closing stops the processes (SIGTERM, then
 * SIGKILL, each by its own handle), prints their logs' last lines and deletes the namespaces.
 */
final class KernelLab implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command printed (stdout and stderr) and how it exited. */
    record Output(int exit, String text) {
    }

    private final String prefix;
    private final Path dir;
    private final Path script = Path.of("..", "scripts", "netns-lab.sh").toAbsolutePath().normalize();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();

    /** Builds the lab (namespaces {@code prefix-laptop}, {@code -gw}, {@code -srv}); files live in {@code dir}. */
    KernelLab(String prefix, Path dir) throws Exception {
        this.prefix = prefix;
        this.dir = dir;
        assertThat(script).exists();
        script("up");
    }

    String namespace(String role) {
        return prefix + "-" + role;
    }

    /** Starts {@code quicroam ARGS} in the {@code role} namespace, its output in {@code log} under the directory. */
    void quicroam(String role, String log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "io.quicroam.cli.Main"));
        command.addAll(List.of(args));
        processes.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start());
        logs.add(log);
    }

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

    /** The agent's {@code status} once {@code ready} holds. */
    static JsonNode awaitStatus(Path socket, Predicate<JsonNode> ready, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            if (Files.exists(socket)) {
                try {
                    JsonNode status = JSON.readTree(ControlServer.ask(socket, "status"));
                    if (ready.test(status)) {
                        return status;
                    }
                } catch (IOException notYet) {
                    // the agent is still starting
                }
            }
            assertThat(System.nanoTime()).as("agent status ready").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Runs a command in the {@code role} namespace, whatever its exit status. */
    Output run(String role, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", full)).isTrue();
        return new Output(process.exitValue(), output);
    }

    /** Runs a command in the {@code role} namespace that must succeed; its output. */
    String ok(String role, String... command) throws Exception {
        Output output = run(role, command);
        assertThat(output.exit()).as(String.join(" ", command) + ": " + output.text()).isZero();
        return output.text();
    }

    /** The value of one series of a daemon's Prometheus endpoint on the loopback of the {@code role} namespace. */
    double metric(String role, int port, String series) throws Exception {
        String text;
        try (NetworkNamespace namespace = NetworkNamespace.attach(namespace(role))) {
            text = namespace.call(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = socket.getInputStream();
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            });
        }
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(value.find()).as("metric " + series).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private void script(String verb) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), verb).redirectErrorStream(true);
        builder.environment().put("QRLAB", prefix);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("netns-lab.sh " + verb + ": " + output).isZero();
    }

    @Override
    public void close() throws Exception {
        try {
            for (Process process : processes) {
                process.destroy(); // SIGTERM: the agent removes its routes and TUN
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            for (String log : logs) {
                List<String> lines = log(log).lines().toList();
                System.out.println("---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.out::println);
            }
        } finally {
            script("down");
        }
    }
}
