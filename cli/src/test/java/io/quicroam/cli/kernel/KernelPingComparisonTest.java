package io.quicroam.cli.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.masque.ip.IpAddresses;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's latency against an independent CONNECT-IP implementation, in one lab and one run: two clients, the
 * kernel's ping through the {@code quicroam agent}'s TUN (a) and Kwik's CONNECT-IP client in the laptop namespace
 * (b, interop), against two proxies across the Wi-Fi veth in the gateway namespace, the {@code quicroam gateway}
 * process with its echo egress (1) and the Kwik proxy (2), both answering pings with the same {@code EchoHost}; and
 * the floor, the kernel's ping over the plain veth. 64 bytes of ICMP data, one echo every 100 ms, the cells
 * interleaved in three rounds with their order rotated, after a warm-up of each (JIT). The ratios the issue asks
 * for: agent side (a→1)/(b→1), gateway side (b→1)/(b→2).
 *
 * <p>Both clients must send at the same pace, or the comparison is between a colder and a warmer path; so each cell's
 * gaps between sends are measured and must agree ({@link #PACE_TOLERANCE}). Not every 10 ms, as the issue did: the
 * kernel's ping cannot hold a pace of tens of milliseconds here without spinning a core ({@link KernelPing}). Asked for
 * 10 ms it sends 10 to 20 ms apart, by each echo's round trip and the jiffy its reply came in (the cells' medians
 * 10.2-16.0 ms, Kwik's client's 10.0); asked for 9 ms it holds 9.0 by spinning, which keeps a core awake and shortens
 * its own side of the round trip (docs/interop.md). Asked for 100 ms it sleeps and sends 100-104 ms apart.
 *
 * <p>Speed is not asserted (a benchmark, not a timed test): {@code -Dquicroam.pings=300} sends as many as the issue
 * did, CI 40 per cell. What is asserted makes the figures trustworthy: every cell got its echoes back (at most
 * one lost; the agent against Kwik excepted, see there), each crossed what it names (the agent's and the proxies'
 * packet counters moved by as much both ways), and all were paced alike. With tcpdump, a capture on the gateway's end
 * of the Wi-Fi veth splits each cell's round trip into the proxy's own share ({@link ProxyResidence}) and the rest
 * (the wire and the client), so a difference between the two proxies is placed on one side of the veth or the other;
 * most echoes must have been timed there. The quicroam processes run with configs/jvm's options; the Kwik proxy runs in
 * a JVM of its own too ({@link KwikProxyProcess}), with the JVM's defaults, as the test's JVM has them. The table is
 * printed; the JSON goes to the test's directory and to {@code -Dquicroam.ping.json=FILE}. Root only; run it under
 * {@code flock /tmp/qr-kernel.lock}.
 */
class KernelPingComparisonTest {
    private static final String LAB = "qrkp";
    private static final int PAYLOAD = 64;
    private static final double INTERVAL_MS =
            Double.parseDouble(System.getProperty("quicroam.ping.interval-ms", "100"));
    /**
     * How far the cells' median gaps between sends may differ, as a fraction of the shortest: the kernel's ping sends
     * up to one jiffy (4 ms at HZ = 250) late, 4 % of 100 ms; ping's 16 ms against Kwik's 10 was 60 %.
     */
    private static final double PACE_TOLERANCE = 0.1;

    private static final int ROUNDS = 3;
    private static final int PINGS = Integer.getInteger("quicroam.pings", 40);
    /**
     * Echoes 0.2 ms apart through each proxy before the first round, so that the JIT has compiled both stacks'
     * datapaths. The agent's JVM options (configs/jvm/agent.options) compile a method after 2 000 calls, ten times the
     * JVM's default: with 1 000 echoes here its datapath still ran in the interpreter during the rounds (the event
     * loop woke the C1 compiler thread after each packet, perf trace) and took ~0.3 ms longer per round trip.
     */
    private static final int WARMUP = Integer.getInteger("quicroam.ping.warmup", 5000);

    private static final double WARMUP_INTERVAL_MS = 0.2;
    /** Behind quicroam's gateway (its routes) and behind the Kwik proxy (its routes). */
    private static final String GATEWAY_FAR = "198.51.100.7";

    private static final String KWIK_FAR = "203.0.113.7";
    /** The gateway's end of the Wi-Fi veth: the floor. */
    private static final String WIFI_GATEWAY = "198.18.1.1";

    /** Both proxies' address, on the gateway's end of the Wi-Fi veth. */
    private static final String PROXY = "198.18.0.1";

    private static final String TEMPLATE = "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/";
    private static final int GATEWAY_METRICS = 9464;
    private static final int AGENT_TO_GATEWAY_METRICS = 9465;
    private static final int AGENT_TO_KWIK_METRICS = 9466;

    @TempDir
    Path dir;

    /** What moved a cell's packets, read before and after each of its runs. */
    private interface Counter {
        long read() throws Exception;
    }

    /**
     * One client against one proxy, the counters its echoes must move, and the echoes it may lose: one, except where
     * the Kwik proxy stalls (below).
     */
    private record Cell(
            String key, String client, String proxy, Pinger pinger, Map<String, Counter> counters, int maxLost) {
        Cell(String key, String client, String proxy, Pinger pinger, Map<String, Counter> counters) {
            this(key, client, proxy, pinger, counters, 1);
        }
    }

    @Test
    void kernelPingAndGatewayAgainstKwikInOneRun() throws Exception {
        RootOnly.requireTun();
        List<AutoCloseable> kwik = new ArrayList<>();
        try (KernelLab lab = new KernelLab(LAB, Map.of(), dir)) {
            // A process of its own, as the quicroam gateway is: in the test's JVM, Kwik's proxy ran right after Kwik's
            // client had sent each echo (b2), warm where our gateway had slept (0.1-0.2 ms on this machine).
            KwikProxyProcess proxy = KwikProxyProcess.start(
                    lab.gateway(),
                    kwikJvm(),
                    dir.resolve("kwik-proxy.log"),
                    PROXY,
                    "100.65.0.2",
                    "203.0.113.0",
                    "203.0.113.255");
            kwik.add(proxy);
            startQuicroam(lab, proxy);

            List<Cell> cells;
            try (NetworkNamespace laptop = NetworkNamespace.attach(lab.laptop())) {
                KwikPing toGateway = KwikPing.open(
                        laptop,
                        TEMPLATE,
                        dir.resolve("state").resolve("gateway-198.18.0.1-cert.pem"),
                        "Bearer " + KernelLab.TOKEN,
                        GATEWAY_FAR,
                        PAYLOAD);
                kwik.add(0, toGateway);
                KwikPing toKwik = KwikPing.open(laptop, proxy.template(), proxy.caFile(), null, KWIK_FAR, PAYLOAD);
                kwik.add(0, toKwik);
                Counter gatewayIn = () -> (long)
                        KernelLab.metric(lab.gateway(), GATEWAY_METRICS, "quicroam_gateway_uplink_packets_total");
                Counter gatewayOut = () -> (long)
                        KernelLab.metric(lab.gateway(), GATEWAY_METRICS, "quicroam_gateway_downlink_packets_total");
                Counter kwikIn = proxy::packetsIn;
                Counter kwikOut = proxy::packetsOut;
                cells = List.of(
                        new Cell(
                                "a1",
                                "kernel ping, quicroam agent",
                                "quicroam gateway",
                                new KernelPing(lab.laptop(), GATEWAY_FAR, PAYLOAD, dir.resolve("ping-a1.log")),
                                Map.of(
                                        "agent_uplink",
                                        agentUplink(lab, AGENT_TO_GATEWAY_METRICS),
                                        "agent_downlink",
                                        agentDownlink(lab, AGENT_TO_GATEWAY_METRICS),
                                        "proxy_in",
                                        gatewayIn,
                                        "proxy_out",
                                        gatewayOut)),
                        new Cell(
                                "a2",
                                "kernel ping, quicroam agent",
                                "Kwik proxy",
                                new KernelPing(lab.laptop(), KWIK_FAR, PAYLOAD, dir.resolve("ping-a2.log")),
                                Map.of(
                                        "agent_uplink",
                                        agentUplink(lab, AGENT_TO_KWIK_METRICS),
                                        "agent_downlink",
                                        agentDownlink(lab, AGENT_TO_KWIK_METRICS),
                                        "proxy_in",
                                        kwikIn,
                                        "proxy_out",
                                        kwikOut),
                                // Not one of the issue's figures. In 2 of 15 runs of 300 and 1 of 5 of 40, the Kwik
                                // proxy sent no reply on the agent's connection for 0.1-0.4 s (captured in the
                                // gateway namespace: the requests arrived, only ACK-sized packets left) and the last
                                // 6-11 echoes of a round came after ping had stopped waiting (two round trips); the
                                // agent counted them all. Kwik's stall: a quarter may be lost here.
                                PINGS / 4),
                        new Cell(
                                "b1",
                                "Kwik client",
                                "quicroam gateway",
                                toGateway,
                                Map.of("proxy_in", gatewayIn, "proxy_out", gatewayOut)),
                        new Cell(
                                "b2",
                                "Kwik client",
                                "Kwik proxy",
                                toKwik,
                                Map.of("proxy_in", kwikIn, "proxy_out", kwikOut)),
                        new Cell(
                                "floor",
                                "kernel ping",
                                "plain veth",
                                new KernelPing(lab.laptop(), WIFI_GATEWAY, PAYLOAD, dir.resolve("ping-floor.log")),
                                Map.of()));
            }
            double[] loadBefore = loadAverage();
            for (Cell cell : cells) {
                if (!cell.counters().isEmpty()) {
                    cell.pinger().ping(WARMUP, WARMUP_INTERVAL_MS);
                }
            }
            Map<String, RoundTrips> trips = new LinkedHashMap<>();
            Map<String, Map<String, Long>> crossed = new LinkedHashMap<>();
            Map<String, List<long[]>> windows = new LinkedHashMap<>();
            // On the gateway's side of the Wi-Fi veth: how long each proxy itself held the echoes (ProxyResidence).
            Optional<VethCapture> capture = VethCapture.start(lab.gateway(), "wlan-gw", dir.resolve("proxies.pcap"));
            capture.ifPresent(kwik::add);
            for (int round = 0; round < ROUNDS; round++) {
                int count = PINGS * (round + 1) / ROUNDS - PINGS * round / ROUNDS;
                for (int i = 0; i < cells.size(); i++) {
                    Cell cell = cells.get((i + round) % cells.size());
                    Map<String, Long> before = read(cell.counters());
                    long from = epochNanos();
                    RoundTrips run = cell.pinger().ping(count, INTERVAL_MS);
                    windows.computeIfAbsent(cell.key(), k -> new ArrayList<>()).add(new long[] {from, epochNanos()});
                    Map<String, Long> after = read(cell.counters());
                    trips.merge(cell.key(), run, RoundTrips::plus);
                    Map<String, Long> moved = crossed.computeIfAbsent(cell.key(), k -> new LinkedHashMap<>());
                    after.forEach((name, value) -> moved.merge(name, value - before.get(name), Long::sum));
                }
            }
            double[] loadAfter = loadAverage();
            PingComparisonReport report = new PingComparisonReport(PAYLOAD, INTERVAL_MS, ROUNDS, loadBefore, loadAfter);
            report.setting("gateway_jvm_extra", extraJvmOptions("gateway.options"));
            report.setting("agent_jvm_extra", extraJvmOptions("agent.options"));
            report.setting("kwik_proxy_jvm", String.join(" ", kwikJvm()));
            report.setting(
                    "test_jvm",
                    String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
            cells.forEach(cell -> report.add(
                    cell.key(), cell.client(), cell.proxy(), trips.get(cell.key()), crossed.get(cell.key())));
            Map<String, ProxyResidence.Echo[]> residence = new LinkedHashMap<>();
            if (capture.isPresent()) {
                List<UdpHeader> packets = capture.get().stopAndRead();
                int proxies =
                        ByteBuffer.wrap(IpAddresses.parse(PROXY).getAddress()).getInt();
                windows.forEach((key, spans) -> residence.put(
                        key,
                        spans.stream()
                                .flatMap(span ->
                                        Arrays.stream(ProxyResidence.echoes(packets, proxies, span[0], span[1])))
                                .toArray(ProxyResidence.Echo[]::new)));
                residence.forEach(report::addResidence);
            }
            report.print();
            System.out.printf(
                    "  the Kwik proxy's JVM options: [%s]; the test JVM's: %s%n",
                    String.join(" ", kwikJvm()),
                    ManagementFactory.getRuntimeMXBean().getInputArguments());
            report.write(dir.resolve("ping-comparison.json"));
            String json = System.getProperty("quicroam.ping.json");
            if (json != null) {
                // The ping logs go along: which echoes were late or unanswered, and when (-D, -O); and the capture.
                Path file = Path.of(json).toAbsolutePath();
                report.write(file);
                try (var logs = Files.newDirectoryStream(dir, "{ping-*.log,proxies.pcap}")) {
                    for (Path log : logs) {
                        Files.copy(log, file.resolveSibling(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }

            for (Cell cell : cells) {
                RoundTrips run = trips.get(cell.key());
                assertThat(run.sent()).as("echoes %s sent", cell.key()).isEqualTo(PINGS);
                assertThat(run.lost()).as("echoes lost in %s", cell.key()).isLessThanOrEqualTo(cell.maxLost());
                if (capture.isPresent() && !cell.counters().isEmpty()) {
                    // The proxy's share stands on most of the cell's echoes. Not all: only quiet ones count
                    // (ProxyResidence), so not those a client sent late in a burst, nor those around a stall.
                    assertThat(residence.get(cell.key()).length)
                            .as("echoes of %s timed at the proxy's veth", cell.key())
                            .isGreaterThanOrEqualTo((run.nanos().length - cell.maxLost()) / 2);
                }
                // Each counter moved by at least the echoes answered: the echoes crossed what the cell names.
                crossed.get(cell.key())
                        .forEach((name, moved) -> assertThat(moved)
                                .as("%s of %s", name, cell.key())
                                .isGreaterThanOrEqualTo(run.nanos().length));
            }
            // Paced alike, or the ratios compare a colder path with a warmer one.
            Map<String, Double> gaps = new LinkedHashMap<>();
            trips.forEach((key, run) -> gaps.put(key, run.spacing().p50() / 1e6));
            double shortest = gaps.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .min()
                    .orElseThrow();
            double longest = gaps.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElseThrow();
            assertThat(longest)
                    .as("the cells' p50 gaps between sends, ms: %s", gaps)
                    .isLessThanOrEqualTo(shortest * (1 + PACE_TOLERANCE));
        } finally {
            for (AutoCloseable closeable : kwik) {
                closeable.close();
            }
        }
    }

    /** The quicroam gateway (echo egress) and two agents, one for each proxy, as a user runs them (configs/jvm). */
    private void startQuicroam(KernelLab lab, KwikProxyProcess proxy) throws Exception {
        lab.writeTokens();
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: "198.18.0.1:4433"
                template: "%s"
                state-dir: state
                tokens-file: tokens.txt
                pool: {ipv4: "100.64.0.0/16", ipv6: none}
                routes: ["198.51.100.0/24"]
                egress: echo
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(TEMPLATE, GATEWAY_METRICS));
        lab.quicroam(
                lab.gateway(),
                "gateway.log",
                jvm("gateway.options"),
                "gateway",
                "-c",
                dir.resolve("gateway.yaml").toString());
        lab.awaitLog("gateway.log", "gateway listening", 30);
        startAgent(
                lab,
                "to-gateway",
                TEMPLATE,
                "state/gateway-198.18.0.1-cert.pem",
                "",
                "qrkp0",
                AGENT_TO_GATEWAY_METRICS);
        // Kwik forbids migration: migrate mode is how a user runs the agent against any RFC 9484 proxy.
        startAgent(
                lab,
                "to-kwik",
                proxy.template(),
                proxy.caFile().toString(),
                "mode: migrate",
                "qrkp1",
                AGENT_TO_KWIK_METRICS);
    }

    private void startAgent(
            KernelLab lab, String name, String url, String caFile, String mode, String device, int metrics)
            throws Exception {
        Path config = dir.resolve("agent-" + name + ".yaml");
        Files.writeString(config, """
                server:
                  url: "%s"
                  ca-file: "%s"
                  token-file: token.txt
                %s
                tunnel: {device: %s, mtu: 1280}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, exclude: true}
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(url, caFile, mode, device, metrics));
        Path socket = dir.resolve("run").resolve(name + ".sock");
        lab.quicroam(
                lab.laptop(),
                "agent-" + name + ".log",
                jvm("agent.options"),
                "agent",
                "-c",
                config.toString(),
                "--control-socket",
                socket.toString());
        KernelLab.awaitStatus(socket, s -> s.path("session").path("routes").size() > 0, 40);
    }

    /**
     * configs/jvm's options, then any given in {@code -Dquicroam.ping.gateway-jvm} or {@code -Dquicroam.ping.agent-jvm}
     * (space-separated; later options win): to find out what the options cost, as README's figures did.
     */
    private static List<String> jvm(String options) {
        List<String> all = new ArrayList<>(List.of(
                "@" + Path.of("..", "configs", "jvm", options).toAbsolutePath().normalize()));
        String extra = extraJvmOptions(options);
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split("\\s+")));
        }
        return all;
    }

    /**
     * The Kwik proxy's JVM options: none, the JVM's defaults, as the test's JVM has them (surefire is given no
     * argLine) and as Kwik's proxy ran there before; or those of {@code -Dquicroam.ping.kwik-jvm}.
     */
    private static List<String> kwikJvm() {
        String extra = extraJvmOptions("kwik.options");
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    /** What {@code -Dquicroam.ping.gateway-jvm} or {@code -Dquicroam.ping.agent-jvm} adds to {@code options}. */
    private static String extraJvmOptions(String options) {
        String process = options.replace(".options", "");
        return System.getProperty("quicroam.ping." + process + "-jvm", "").trim();
    }

    private static Counter agentUplink(KernelLab lab, int port) {
        return () -> (long) KernelLab.metric(lab.laptop(), port, "quicroam_agent_uplink_packets_total");
    }

    private static Counter agentDownlink(KernelLab lab, int port) {
        return () -> (long) KernelLab.metric(lab.laptop(), port, "quicroam_agent_downlink_packets_total");
    }

    private static Map<String, Long> read(Map<String, Counter> counters) throws Exception {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Map.Entry<String, Counter> counter : counters.entrySet()) {
            values.put(counter.getKey(), counter.getValue().read());
        }
        return values;
    }

    /** Now, as a capture's timestamps count: nanoseconds since the epoch. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The 1, 5 and 15 minute load averages: the shared machine's state next to the figures. */
    private static double[] loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])
        };
    }
}
