package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hotel Wi-Fi that drops UDP, on a real Linux network stack: the lab of scripts/netns-lab.sh (namespace prefix
 * qrh2), an nftables rule in the gateway's namespace (the Wi-Fi's router) dropping every UDP datagram that arrives from
 * the Wi-Fi except DNS, TCP allowed. Gateway and agent run as separate processes with {@code transport: auto}. The
 * agent, on Wi-Fi alone, comes up over HTTP/2; a TCP download through the tunnel is hash-exact across everything
 * that follows: LTE comes up, UDP is unblocked and the Wi-Fi path moves to QUIC in the same session (same inner
 * address, the gateway's session count unchanged), then Wi-Fi goes down and traffic moves to LTE (QUIC). Root and
 * nftables only; under CI=true a skip fails.
 */
class UdpBlockedKernelTest {
    private static final String LAB = "qrh2";
    private static final String SERVER = "198.19.0.2";
    private static final int GATEWAY_METRICS = 9497;
    /** A download that spans the three events at the server's pace: bounded, a few MB. */
    private static final long DOWNLOAD_BYTES = 12L << 20;

    private static final int DOWNLOAD_BYTES_PER_SECOND = 500_000;

    @TempDir
    Path dir;

    @Test
    void autoComesUpOverHttp2WhereUdpIsDroppedThenMovesToQuicAndToLteInOneSession() throws Exception {
        RootOnly.requireTun();
        requireNft();
        try (KernelLab lab = new KernelLab(LAB, Map.of(), dir)) {
            writeConfigs(lab);
            lab.quicroam(
                    lab.gateway(),
                    "gateway.log",
                    "gateway",
                    "-c",
                    dir.resolve("gateway.yaml").toString());
            lab.awaitLog("gateway.log", "gateway listening", 60);
            ns(lab.laptop(), "ip", "link", "set", "wwan0", "down"); // the laptop meets the hotel Wi-Fi alone

            try (NetworkNamespace server = NetworkNamespace.attach(lab.server());
                    NetworkNamespace laptop = NetworkNamespace.attach(lab.laptop());
                    PacedServer paced = new PacedServer(
                            server.call(() -> new ServerSocket(8080, 16, InetAddress.getByName(SERVER))),
                            DOWNLOAD_BYTES,
                            DOWNLOAD_BYTES_PER_SECOND)) {
                // Baseline in the same run: UDP passes, the same start over QUIC.
                Start quic = timeToWorkingTunnel(lab, laptop, "agent-quic.log", "quic");
                awaitNoSession(lab);

                blockUdp(lab);
                Start http2 = timeToWorkingTunnel(lab, laptop, "agent.log", "http2");
                Path socket = socket("agent.log");
                JsonNode first = KernelLab.awaitStatus(socket, s -> true, 10);
                String innerAddress = first.path("session").path("addresses").toString();
                assertThat(droppedUdp(lab))
                        .as("QUIC's datagrams dropped by nftables")
                        .isPositive();

                KernelRoamingTest.Download download = new KernelRoamingTest.Download(
                        laptop.call(() -> KernelRoamingTest.connect('D')), DOWNLOAD_BYTES);
                KernelRoamingTest.Interactive interactive =
                        new KernelRoamingTest.Interactive(laptop.call(() -> KernelRoamingTest.connect('E')));
                Thread.sleep(2000);

                ns(lab.laptop(), "ip", "link", "set", "wwan0", "up");
                lab.script("routes");
                KernelLab.awaitStatus(socket, s -> transportOf(s, "wwan0").equals("quic"), 30);
                assertThat(transportOf(KernelLab.awaitStatus(socket, s -> true, 10), "wlan0"))
                        .as("Wi-Fi still on HTTP/2 while UDP is dropped")
                        .isEqualTo("http2");
                assertThat(sessionsWithPaths(lab))
                        .as("the gateway's sessions with a path")
                        .isEqualTo(1);
                interactive.takeLongestStallMillis();

                unblockUdp(lab);
                long unblocked = System.nanoTime();
                KernelLab.awaitStatus(socket, s -> transportOf(s, "wlan0").equals("quic") && carries(s, "wlan0"), 60);
                long toQuicMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unblocked);
                Thread.sleep(2000);
                double http2ToQuicStall = interactive.takeLongestStallMillis();
                assertThat(sessionsWithPaths(lab))
                        .as("the gateway's sessions with a path: still one")
                        .isEqualTo(1);

                ns(lab.laptop(), "ip", "link", "set", "wlan0", "down");
                KernelLab.awaitStatus(socket, s -> carries(s, "wwan0"), 10);
                Thread.sleep(3000);
                double wifiToLteStall = interactive.takeLongestStallMillis();

                byte[] received = download.digest.get(120, TimeUnit.SECONDS);
                byte[] sent = paced.sentDigest.get(10, TimeUnit.SECONDS);
                interactive.stop();
                JsonNode last = KernelLab.awaitStatus(socket, s -> true, 10);
                System.out.printf(
                        "==== UDP-blocking Wi-Fi (load average: %s)%n"
                                + "time to a working tunnel on Wi-Fi, agent start to first echo (Wi-Fi usable to tunnel"
                                + " up): QUIC with UDP passing %d ms (%d ms), HTTP/2 with UDP dropped %d ms (%d ms)%n"
                                + "UDP unblocked: Wi-Fi path on QUIC after %d ms; longest interactive stall %.0f ms%n"
                                + "Wi-Fi down: longest interactive stall %.0f ms%n"
                                + "download %d MB in %.1f s; handovers %s%n",
                        loadAverage(),
                        quic.toEchoMillis(),
                        quic.usableToTunnelMillis(),
                        http2.toEchoMillis(),
                        http2.usableToTunnelMillis(),
                        toQuicMillis,
                        http2ToQuicStall,
                        wifiToLteStall,
                        DOWNLOAD_BYTES >> 20,
                        download.seconds(),
                        last.path("handovers"));

                assertThat(HexFormat.of().formatHex(received))
                        .as("SHA-256 of the download")
                        .isEqualTo(HexFormat.of().formatHex(sent));
                assertThat(download.failure).as("download connection reset?").isNull();
                assertThat(interactive.failure)
                        .as("interactive connection reset?")
                        .isNull();
                assertThat(last.path("session").path("addresses").toString())
                        .as("inner address")
                        .isEqualTo(innerAddress);
                assertThat(last.path("session").path("session_resets").asLong()).isZero();
                assertThat(last.path("session").path("address_changes").asLong())
                        .isZero();
                assertThat(sessionsWithPaths(lab))
                        .as("the gateway's sessions with a path: still one")
                        .isEqualTo(1);
                assertThat(transportOf(last, "wwan0")).isEqualTo("quic");
                // Measured at load average 32-37 on 2 cores: 6.4-6.8 s from Wi-Fi usable to the tunnel up over HTTP/2
                // (QUIC's baseline with UDP passing: 10.4-13 s), an interactive stall of 691-1044 ms when the path
                // moves to QUIC (it is closed and reopened: traffic goes to LTE meanwhile) and of 209-1443 ms when
                // Wi-Fi goes down (1443: LTE then failed its probes once and was replaced).
                assertThat(http2.usableToTunnelMillis())
                        .as("Wi-Fi usable to the tunnel up over HTTP/2, ms")
                        .isLessThan(20_000);
                assertThat(http2ToQuicStall)
                        .as("stall while the path moves to QUIC, ms")
                        .isLessThan(3000);
                assertThat(wifiToLteStall).as("stall when Wi-Fi goes down, ms").isLessThan(3000);
            }
        }
    }

    /** nftables' {@code nft}, which the router's firewall needs: skipped (failed under CI=true) without it. */
    private static void requireNft() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "nft"))) {
                return;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin"}) {
            if (Files.isExecutable(Path.of(dir, "nft"))) {
                return;
            }
        }
        RootOnly.skipOrFail("nftables' nft command is not installed (apt-get install nftables)");
    }

    /**
     * The hotel's firewall, in the router (the gateway's namespace, never the root one): every UDP datagram from the
     * Wi-Fi but DNS dropped without a word, as such networks do; counted, so the test sees that QUIC was dropped.
     */
    private static void blockUdp(KernelLab lab) throws Exception {
        ns(lab.gateway(), "nft", "add", "table", "inet", LAB);
        ns(lab.gateway(), "nft", "add chain inet " + LAB + " input { type filter hook input priority 0 ; }");
        ns(lab.gateway(), "nft", "add rule inet " + LAB + " input iifname wlan-gw udp dport != 53 counter drop");
    }

    private static void unblockUdp(KernelLab lab) throws Exception {
        ns(lab.gateway(), "nft", "delete", "table", "inet", LAB);
    }

    /** The packets the firewall rule dropped so far. */
    private static long droppedUdp(KernelLab lab) throws Exception {
        String rules = ns(lab.gateway(), "nft", "list", "table", "inet", LAB);
        Matcher counter = Pattern.compile("counter packets (\\d+)").matcher(rules);
        assertThat(counter.find()).as("the rule's counter in: " + rules).isTrue();
        return Long.parseLong(counter.group(1));
    }

    /**
     * Starts an agent ({@code log} names it) on Wi-Fi and returns the time from its start to the first echo through
     * the tunnel from the server behind the gateway; its path must run over {@code transport}. The QUIC baseline's
     * agent is stopped again.
     */
    private Start timeToWorkingTunnel(KernelLab lab, NetworkNamespace laptop, String log, String transport)
            throws Exception {
        Path socket = socket(log);
        long start = System.nanoTime();
        Process agent = lab.quicroam(
                lab.laptop(),
                log,
                "agent",
                "-c",
                dir.resolve("agent.yaml").toString(),
                "--control-socket",
                socket.toString());
        KernelLab.awaitStatus(
                socket,
                s -> carries(s, "wlan0") && s.path("session").path("routes").size() > 0,
                40);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket echo = laptop.call(() -> KernelRoamingTest.connect('E'))) {
                echo.setSoTimeout(2000);
                echo.getOutputStream().write(new byte[] {1, 2, 3, 4});
                if (echo.getInputStream().readNBytes(4).length == 4) {
                    break;
                }
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("an echo through the tunnel").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long inAgent = between(lab.log(log), "Interface wlan0 is usable", "tunnel up");
        assertThat(transportOf(KernelLab.awaitStatus(socket, s -> true, 10), "wlan0"))
                .as("Wi-Fi's path transport")
                .isEqualTo(transport);
        if (transport.equals("quic")) {
            KernelLab.stop(agent);
        }
        return new Start(millis, inAgent);
    }

    /**
     * How long a start took: from the agent process's start to the first echo through the tunnel (a JVM start
     * included), and in the agent's own log from Wi-Fi usable to the tunnel up.
     */
    private record Start(long toEchoMillis, long usableToTunnelMillis) {}

    /** Milliseconds between the first log lines containing {@code from} and {@code to} (HH:mm:ss.SSS stamps). */
    private static long between(String log, String from, String to) {
        return stamp(log, to) - stamp(log, from);
    }

    private static long stamp(String log, String text) {
        String line = log.lines()
                .filter(l -> l.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the agent's log says '" + text + "'"));
        return LocalTime.parse(line.substring(0, 12)).toNanoOfDay() / 1_000_000;
    }

    private Path socket(String log) {
        return dir.resolve("run-" + log.replace(".log", "")).resolve("agent.sock");
    }

    /** Waits until the stopped baseline agent's session has left the gateway. */
    private static void awaitNoSession(KernelLab lab) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sessions(lab) > 0) {
            assertThat(System.nanoTime()).as("the baseline's session ended").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static double sessions(KernelLab lab) throws Exception {
        return KernelLab.metric(lab.gateway(), GATEWAY_METRICS, "quicroam_gateway_sessions");
    }

    /**
     * Sessions that have a path now. A session in its grace time is left out: an {@code auto} open races QUIC and
     * HTTP/2, and a loser that got its answer first opened a session that only waits out its grace time.
     */
    private static double sessionsWithPaths(KernelLab lab) throws Exception {
        return sessions(lab) - KernelLab.metric(lab.gateway(), GATEWAY_METRICS, "quicroam_gateway_sessions_in_grace");
    }

    private static String transportOf(JsonNode status, String iface) {
        for (JsonNode path : status.path("paths")) {
            if (path.path("interface").asText().equals(iface)) {
                return path.path("transport").asText("");
            }
        }
        return "";
    }

    private static boolean carries(JsonNode status, String iface) {
        for (JsonNode path : status.path("paths")) {
            if (path.path("interface").asText().equals(iface)) {
                return "available".equals(path.path("role").asText());
            }
        }
        return false;
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private void writeConfigs(KernelLab lab) throws Exception {
        lab.writeTokens();
        String url = "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/";
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: "198.18.0.1:4433"
                template: "%s"
                state-dir: state
                tokens-file: tokens.txt
                pool: {ipv4: "100.64.0.0/16", ipv6: none}
                routes: ["198.19.0.0/24"]
                egress: tun
                egress-device: %s0
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(url, LAB, GATEWAY_METRICS));
        Files.writeString(dir.resolve("agent.yaml"), """
                server:
                  url: "%s"
                  ca-file: state/gateway-198.18.0.1-cert.pem
                  token-file: token.txt
                mode: bonded
                transport: auto
                http2-after: 1s
                tunnel: {device: qr0, mtu: 1280}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, metered: false}
                policy: {move-back-after: 3s}
                """.formatted(url));
    }
}
