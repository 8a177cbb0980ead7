package io.quicroam.cli.idle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quicroam.linux.Capability;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quicroam bench tcp}: iperf3 through a real tunnel. An {@link IdleLab} (laptop, gateway) with a server
 * namespace behind the gateway; the gateway ({@code egress: tun}) and the agent from this jar as separate processes;
 * then, alternately, iperf3 from the laptop to the server through the agent's TUN device, and the same iperf3 from the
 * laptop to the gateway's namespace over the plain Wi-Fi veth the tunnel's packets cross. Prints JSON: Mbit/s and
 * TCP retransmits of each run, their medians and the ratio.
 */
@Command(
        name = "tcp",
        mixinStandardHelpOptions = true,
        description = "iperf3 (TCP) through the tunnel in a namespace lab (agent TUN -> QUIC -> gateway, egress: tun),"
                + " next to iperf3 over the plain veth in the same run; prints JSON. Needs root and iperf3.")
public final class TcpCommand implements Callable<Integer> {
    private static final String TOKEN = "tcp-bench-token-0123456789abcdef0";
    /** The gateway namespace's address on the laptop's Wi-Fi veth: the plain path. */
    private static final String PLAIN_SERVER = "198.18.1.1";

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Length of one iperf3 run (default ${DEFAULT-VALUE} s).")
    int seconds;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each (default ${DEFAULT-VALUE}).")
    int runs;

    /** The first run through a fresh agent and gateway times their JIT (2026-11-30: 380, then 857 and 908 Mbit/s). */
    @Option(
            names = "--warmup",
            defaultValue = "1",
            description = "Runs through the tunnel before the measured ones, for the JIT; not counted, listed in the "
                    + "JSON (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--lab",
            defaultValue = "qrtcp",
            description = "Prefix of the lab's network namespaces (default ${DEFAULT-VALUE}).")
    String lab;

    @Option(
            names = "--jvm-options",
            paramLabel = "DIR",
            description = "Directory with agent.options and gateway.options (default: $QUICROAM_JVM_OPTIONS, which "
                    + "the launcher sets); 'none' for the JVM's defaults.")
    String jvmOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || seconds < 1 || warmup < 0) {
            System.err.println("quicroam bench tcp: --runs and --seconds must be positive, --warmup not negative");
            return 2;
        }
        String missing = Privileges.current().missingReason(Capability.NET_ADMIN, Capability.SYS_ADMIN);
        if (missing != null) {
            System.err.println("quicroam bench tcp: builds network namespaces, veth pairs and TUN devices, which "
                    + "needs root: " + missing);
            return 2;
        }
        if (!iperf3Runs()) {
            System.err.println("quicroam bench tcp: needs iperf3 on the PATH (Debian: apt-get install iperf3)");
            return 2;
        }
        Path dir = Files.createTempDirectory("quicroam-tcp");
        try {
            Map<String, Object> figures = measure(dir);
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            System.out.println(mapper.writeValueAsString(figures));
            if (json != null) {
                mapper.writeValue(json.toFile(), figures);
            }
            return 0;
        } catch (Exception e) {
            IdleCommand.printLogs(dir);
            throw e;
        } finally {
            IdleCommand.deleteTree(dir);
        }
    }

    private Map<String, Object> measure(Path dir) throws Exception {
        IdleLab.writeConfigs(dir, TOKEN, "tun", "");
        try (IdleLab lab = new IdleLab(this.lab)) {
            NetworkNamespace server = lab.addServer();
            String options = IdleCommand.optionsDir(jvmOptions);
            Process gateway = lab.start(
                    lab.gateway(),
                    dir,
                    "gateway.log",
                    IdleCommand.java(options, false, "gateway", "-c", "gateway.yaml"));
            IdleCommand.awaitLog(dir.resolve("gateway.log"), "gateway listening", gateway);
            Process agent = lab.start(
                    lab.laptop(), dir, "agent.log", IdleCommand.java(options, false, "agent", "-c", "agent.yaml"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!lab.hasIpv4Address(IdleLab.TUN)) {
                IdleCommand.alive(agent, "agent");
                if (System.nanoTime() > deadline) {
                    throw new IOException("the agent's " + IdleLab.TUN + " had no address within 30 s");
                }
                Thread.sleep(5);
            }
            lab.start(server, dir, "iperf3-tunnel.log", List.of("iperf3", "-s", "-B", IdleLab.SERVER_ADDRESS));
            lab.start(lab.gateway(), dir, "iperf3-plain.log", List.of("iperf3", "-s", "-B", PLAIN_SERVER));

            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            List<Run> warmupRuns = new ArrayList<>();
            for (int run = 0; run < warmup; run++) {
                warmupRuns.add(iperf3(lab.laptop(), IdleLab.SERVER_ADDRESS));
            }
            List<Run> tunnel = new ArrayList<>();
            List<Run> plain = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                tunnel.add(iperf3(lab.laptop(), IdleLab.SERVER_ADDRESS));
                plain.add(iperf3(lab.laptop(), PLAIN_SERVER));
            }
            IdleCommand.alive(agent, "agent");
            IdleCommand.alive(gateway, "gateway");

            Map<String, Object> f = new LinkedHashMap<>();
            f.put("seconds_per_run", seconds);
            f.put("runs", runs);
            double tunnelMbit = median(tunnel.stream().map(Run::mbit).toList());
            double plainMbit = median(plain.stream().map(Run::mbit).toList());
            f.put(
                    "warmup_tunnel_mbit_s_runs",
                    warmupRuns.stream().map(Run::mbit).toList());
            f.put("tunnel_mbit_s", tunnelMbit);
            f.put("tunnel_mbit_s_runs", tunnel.stream().map(Run::mbit).toList());
            f.put(
                    "tunnel_retransmits_runs",
                    tunnel.stream().map(Run::retransmits).toList());
            f.put("plain_mbit_s", plainMbit);
            f.put("plain_mbit_s_runs", plain.stream().map(Run::mbit).toList());
            f.put("plain_retransmits_runs", plain.stream().map(Run::retransmits).toList());
            f.put("ratio", tunnelMbit / plainMbit);
            f.put("jvm_options", options);
            f.put("load_average_before", loadBefore);
            f.put(
                    "load_average_after",
                    Files.readString(Path.of("/proc/loadavg")).strip());
            return f;
        }
    }

    /** One iperf3 run: receiver-side goodput and the sender's TCP retransmits. */
    record Run(double mbit, long retransmits) {}

    /** {@code iperf3 -c TARGET -t SECONDS -J} from inside {@code ns}; tried again while the server is starting. */
    private Run iperf3(NetworkNamespace ns, String target) throws Exception {
        String last = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            var result = ns.exec("iperf3", "-c", target, "-t", Integer.toString(seconds), "-J");
            JsonNode report = new ObjectMapper().readTree(result.stdout().isBlank() ? "{}" : result.stdout());
            JsonNode end = report.path("end");
            if (result.succeeded() && end.has("sum_received")) {
                return new Run(
                        Math.round(end.path("sum_received")
                                                .path("bits_per_second")
                                                .asDouble()
                                        / 1e5)
                                / 10.0,
                        end.path("sum_sent").path("retransmits").asLong());
            }
            last = report.path("error").asText(result.stderr().strip());
            Thread.sleep(300);
        }
        throw new IOException("iperf3 to " + target + " failed: " + last);
    }

    private static boolean iperf3Runs() {
        try {
            Process process = new ProcessBuilder("iperf3", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
