package io.quicroam.cli.idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.linux.Capability;
import io.quicroam.linux.Privileges;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quicroam bench idle}: the gateway and the agent from this jar, as separate processes in an {@link IdleLab},
 * the agent's tunnel up over Wi-Fi with LTE on standby, then nothing for {@code --seconds}. Prints JSON: bytes per
 * idle minute on each interface, the agent's CPU time and wake-ups per idle minute, both processes' resident memory,
 * and the time from starting the agent to its TUN device having its address.
 */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        description = "What an idle agent costs: a namespace lab (Wi-Fi active, LTE standby), gateway and agent "
                + "from this jar as separate processes, left idle; prints JSON. Needs root.")
public final class IdleCommand implements Callable<Integer> {
    private static final String TOKEN = "idle-bench-token-0123456789abcdef";
    private static final long TUN_WAIT_NANOS = 30_000_000_000L;

    @Option(names = "--seconds", defaultValue = "60", description = "Idle time measured (default ${DEFAULT-VALUE} s).")
    int seconds;

    @Option(
            names = "--settle",
            defaultValue = "5",
            description = "Wait after the TUN has its address before measuring, for both paths to open and settle "
                    + "(default ${DEFAULT-VALUE} s).")
    int settle;

    @Option(
            names = "--lab",
            defaultValue = "qridle",
            description = "Prefix of the lab's network namespaces (default ${DEFAULT-VALUE}).")
    String lab;

    @Option(
            names = "--jvm-options",
            paramLabel = "DIR",
            description = "Directory with agent.options and gateway.options, the JVM option files the launcher "
                    + "uses, run with the launcher's MALLOC_ARENA_MAX=2 (default: $QUICROAM_JVM_OPTIONS, which the "
                    + "launcher sets); 'none' for the JVM's and glibc's defaults.")
    String jvmOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE.")
    Path json;

    @Option(names = "--logs", paramLabel = "DIR", description = "Keep the gateway's and the agent's logs in DIR.")
    Path logs;

    @Option(
            names = "--nmt",
            description = "Run both with Native Memory Tracking and print where their memory goes "
                    + "(jcmd VM.native_memory summary) after the figures.")
    boolean nmt;

    @Override
    public Integer call() throws Exception {
        String missing = Privileges.current().missingReason(Capability.NET_ADMIN, Capability.SYS_ADMIN);
        if (missing != null) {
            System.err.println("quicroam bench idle: builds network namespaces, veth pairs and a TUN device, which "
                    + "needs root: " + missing);
            return 2;
        }
        Path dir = Files.createTempDirectory("quicroam-idle");
        try {
            Map<String, Object> figures = measure(dir);
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(mapper.writeValueAsString(figures));
            if (json != null) {
                mapper.writeValue(json.toFile(), figures);
            }
            return 0;
        } catch (Exception e) {
            printLogs(dir);
            throw e;
        } finally {
            if (logs != null) {
                Files.createDirectories(logs);
                for (String log : List.of("gateway.log", "agent.log")) {
                    if (Files.exists(dir.resolve(log))) {
                        Files.copy(dir.resolve(log), logs.resolve(log), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            deleteTree(dir);
        }
    }

    private Map<String, Object> measure(Path dir) throws Exception {
        IdleLab.writeConfigs(dir, TOKEN, "echo", ", mtu: 1280");
        Path socket = dir.resolve("agent.sock");
        try (IdleLab lab = new IdleLab(this.lab)) {
            Process gateway = lab.start(lab.gateway(), dir, "gateway.log", java("gateway", "-c", "gateway.yaml"));
            awaitLog(dir.resolve("gateway.log"), "gateway listening", gateway);
            long started = System.nanoTime();
            Process agent = lab.start(
                    lab.laptop(),
                    dir,
                    "agent.log",
                    java("agent", "-c", "agent.yaml", "--control-socket", socket.toString()));
            while (!lab.hasIpv4Address(IdleLab.TUN)) {
                alive(agent, "agent");
                if (System.nanoTime() - started > TUN_WAIT_NANOS) {
                    throw new IOException("the agent's " + IdleLab.TUN + " had no address within 30 s");
                }
                Thread.sleep(5);
            }
            double startMillis = (System.nanoTime() - started) / 1e6;
            Thread.sleep(settle * 1000L);
            int paths = new ObjectMapper()
                    .readTree(ControlServer.ask(socket, "status"))
                    .path("paths")
                    .size();

            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            long wifiBefore = lab.bytes(IdleLab.WIFI);
            long lteBefore = lab.bytes(IdleLab.LTE);
            ProcessFigures agentBefore = ProcessFigures.of(agent.pid());
            Thread.sleep(seconds * 1000L);
            long wifiAfter = lab.bytes(IdleLab.WIFI);
            long lteAfter = lab.bytes(IdleLab.LTE);
            ProcessFigures agentAfter = ProcessFigures.of(agent.pid());
            ProcessFigures gatewayAfter = ProcessFigures.of(gateway.pid());
            alive(agent, "agent");
            alive(gateway, "gateway");
            JsonNode status = new ObjectMapper().readTree(ControlServer.ask(socket, "status"));

            double perMinute = 60.0 / seconds;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("idle_seconds", seconds);
            f.put("paths_open", paths);
            f.put("carrying", carrying(status));
            f.put("paths", paths(status));
            f.put("wifi_bytes_per_idle_minute", Math.round((wifiAfter - wifiBefore) * perMinute));
            f.put("lte_bytes_per_idle_minute", Math.round((lteAfter - lteBefore) * perMinute));
            f.put(
                    "agent_cpu_seconds_per_idle_minute",
                    round((agentAfter.cpuSeconds() - agentBefore.cpuSeconds()) * perMinute));
            f.put(
                    "agent_context_switches_per_idle_minute",
                    Math.round((agentAfter.contextSwitches() - agentBefore.contextSwitches()) * perMinute));
            f.put("agent_rss_mib", round(agentAfter.rssKib() / 1024.0));
            f.put("agent_threads", agentAfter.threads());
            f.put("gateway_rss_mib", round(gatewayAfter.rssKib() / 1024.0));
            f.put("gateway_threads", gatewayAfter.threads());
            f.put("start_to_tun_address_ms", Math.round(startMillis));
            f.put("jvm_options", optionsDir());
            f.put("load_average_before", loadBefore);
            f.put(
                    "load_average_after",
                    Files.readString(Path.of("/proc/loadavg")).strip());
            if (nmt) {
                f.put("agent_native_memory", nativeMemory(agent.pid()));
                f.put("gateway_native_memory", nativeMemory(gateway.pid()));
            }
            return f;
        }
    }

    /** {@code jcmd PID VM.native_memory summary}: the JVM's own account of its memory, by area. */
    private static List<String> nativeMemory(long pid) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path jcmd = java.resolveSibling("jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines()
                .filter(l -> l.startsWith("Total") || l.startsWith("-"))
                .map(String::strip)
                .toList();
    }

    /** Each path as {@code quicroam paths} shows it: interface, role, state, RTT and loss. */
    private static List<String> paths(JsonNode status) {
        List<String> result = new ArrayList<>();
        status.path("paths")
                .forEach(p -> result.add(
                        p.path("interface").asText() + " " + p.path("role").asText()
                                + " " + p.path("state").asText() + " rtt "
                                + p.path("rtt_ms").asText() + " ms loss "
                                + p.path("loss").asText()));
        return result;
    }

    private static List<String> carrying(JsonNode status) {
        List<String> result = new ArrayList<>();
        status.path("paths").forEach(p -> {
            if ("available".equals(p.path("role").asText())) {
                result.add(p.path("interface").asText());
            }
        });
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private List<String> java(String command, String... args) {
        return java(optionsDir(), nmt, command, args);
    }

    /**
     * {@code [env MALLOC_ARENA_MAX=2] java [@options] -cp <this classpath> io.quicroam.cli.Main args...}: the jar as a
     * user runs it, with the JVM option files in {@code optionsDir} ({@code none}: the JVM's defaults) and the
     * environment the launchers give the daemons along with them ({@code env} execs java, so the PID stays the JVM's).
     */
    static List<String> java(String optionsDir, boolean nmt, String command, String... args) {
        List<String> argv = new ArrayList<>();
        if (!optionsDir.equals("none")) {
            argv.addAll(List.of("env", "MALLOC_ARENA_MAX=" + System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2")));
        }
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        if (!optionsDir.equals("none")) {
            Path file = Path.of(optionsDir).toAbsolutePath().resolve(command + ".options");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no JVM option file " + file);
            }
            argv.add("@" + file);
        }
        if (nmt) {
            argv.add("-XX:NativeMemoryTracking=summary");
        }
        argv.addAll(List.of("-cp", absoluteClassPath(), "io.quicroam.cli.Main", command));
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * This JVM's class path with every entry absolute: the daemons run in the lab's directory, so {@code java -jar
     * cli/target/quicroam.jar bench tcp} would otherwise start them with a class path that is not there.
     */
    static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private String optionsDir() {
        return optionsDir(jvmOptions);
    }

    /** {@code --jvm-options}, else what the launcher found, else none. */
    static String optionsDir(String option) {
        String dir = option != null ? option : System.getenv("QUICROAM_JVM_OPTIONS");
        return dir != null ? dir : "none";
    }

    static void awaitLog(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            alive(process, log.getFileName().toString());
            if (System.nanoTime() > deadline) {
                throw new IOException(log.getFileName() + " never said '" + text + "'");
            }
            Thread.sleep(20);
        }
    }

    static void alive(Process process, String what) throws IOException {
        if (!process.isAlive()) {
            throw new IOException(what + " exited with status " + process.exitValue());
        }
    }

    static void printLogs(Path dir) throws IOException {
        for (String log : List.of("gateway.log", "agent.log")) {
            Path file = dir.resolve(log);
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                System.err.println("---- " + log + " (last lines)");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
