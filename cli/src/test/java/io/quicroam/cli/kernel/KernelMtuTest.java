package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.awaitStatus;
import static io.quicroam.cli.kernel.KernelLab.ns;
import static io.quicroam.cli.kernel.KernelLab.tryNs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel MTU follows the paths (issue 11), on a real Linux stack: the lab of scripts/netns-lab.sh with its own
 * namespaces, gateway and agent as separate processes, {@code tunnel.mtu: auto}. Each path's QUIC connection
 * discovers its path MTU (DF set, RFC 8899) up to its interface's; a path that cannot carry 1280-byte packets
 * carries no traffic (RFC 9484 §7.1); the TUN device's MTU is what every path that may carry traffic can take.
 * Root only; under CI=true a skip fails.
 */
class KernelMtuTest {
    private static final String LAB = "qrmtu";
    private static final String SERVER = "198.19.0.2";
    /** UDP payload to inner packet over IPv4: IPv4 + UDP headers, QUIC's worst case, the HTTP Datagram's header. */
    private static final int IPV4_OVERHEAD = 20 + 8 + 44 + 2;

    private static final Pattern LINK_MTU = Pattern.compile(" mtu (\\d+) ");

    @TempDir
    Path dir;

    @Test
    void theWifiLinksMtuDecidesWhetherItCarriesTrafficAndTheTunnelsMtu() throws Exception {
        RootOnly.requireTun();
        List<String> figures = new ArrayList<>();
        try (KernelLab lab = new KernelLab(LAB, Map.of(), dir)) {
            Path socket = start(lab);
            int lte = 1500 - IPV4_OVERHEAD;
            for (int wifiMtu : new int[] {1500, 1400, 1300, 1280}) {
                if (wifiMtu != 1500) {
                    ns(lab.laptop(), "ip", "link", "set", "wlan0", "down");
                    JsonNode lteOnly = awaitStatus(
                            socket,
                            s -> path(s, "wlan0") == null
                                    && s.path("session").path("tunnel_mtu").asInt() == lte,
                            20);
                    figures.add(String.format(
                            "Wi-Fi down: tunnel MTU %d (LTE alone)",
                            lteOnly.path("session").path("tunnel_mtu").asInt()));
                    ns(lab.laptop(), "ip", "link", "set", "wlan0", "mtu", Integer.toString(wifiMtu));
                    ns(lab.gateway(), "ip", "link", "set", "wlan-gw", "mtu", Integer.toString(wifiMtu));
                    ns(lab.laptop(), "ip", "link", "set", "wlan0", "up");
                    lab.script("routes");
                }
                int wifi = wifiMtu - IPV4_OVERHEAD;
                boolean fits = wifi >= 1280;
                int tunnelMtu = fits ? Math.min(wifi, lte) : lte;
                JsonNode status = awaitStatus(
                        socket,
                        s -> {
                            JsonNode w = path(s, "wlan0");
                            return w != null
                                    && s.path("session").path("tunnel_mtu").asInt() == tunnelMtu
                                    && (fits
                                            ? w.path("unusable").isNull()
                                                    && w.path("max_packet").asInt() == wifi
                                                    && "available"
                                                            .equals(w.path("role")
                                                                    .asText())
                                            : "mtu-too-small"
                                                            .equals(w.path("unusable")
                                                                    .asText())
                                                    && "available"
                                                            .equals(path(s, "wwan0")
                                                                    .path("role")
                                                                    .asText()));
                        },
                        30);
                assertThat(deviceMtu(lab))
                        .as("ip link: qr0's MTU with Wi-Fi at " + wifiMtu)
                        .isEqualTo(tunnelMtu);

                long wifiBytes = path(status, "wlan0").path("bytes_up").asLong();
                ping(lab, 1280, 5); // the IPv6 minimum, DF set: crosses on whichever path may carry it
                int largest = largestCrossing(lab, tunnelMtu);
                // The status's byte counters are sampled, not live: give them up to 5 s to show the pings.
                long countersDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                JsonNode after = awaitStatus(socket, s -> true, 5);
                while (fits
                        && path(after, "wlan0").path("bytes_up").asLong() <= wifiBytes
                        && System.nanoTime() < countersDeadline) {
                    Thread.sleep(200);
                    after = awaitStatus(socket, s -> true, 5);
                }
                long wifiSent = path(after, "wlan0").path("bytes_up").asLong() - wifiBytes;
                String carrier = fits ? "wlan0" : "wwan0";
                if (fits) {
                    assertThat(wifiSent).as("Wi-Fi carried the pings").isGreaterThan(0);
                } else {
                    assertThat(wifiSent)
                            .as("nothing on the mtu-too-small Wi-Fi")
                            .isZero();
                }
                figures.add(String.format(
                        "Wi-Fi MTU %d: wlan0 %s, tunnel MTU %d (ip link), largest inner packet "
                                + "that crossed %d bytes, 1280-byte DF pings on %s",
                        wifiMtu,
                        fits ? "carries " + wifi + "-byte packets" : "mtu-too-small",
                        deviceMtu(lab),
                        largest,
                        carrier));
            }
        } finally {
            System.out.println("==== tunnel MTU per Wi-Fi access MTU (LTE at 1500)");
            figures.forEach(System.out::println);
        }
    }

    @Test
    void aTcpDownloadSurvivesAHandoverFromA1500PathToA1400PathAndBack() throws Exception {
        RootOnly.requireTun();
        long size = 24L << 20;
        try (KernelLab lab = new KernelLab(LAB, Map.of("QRLAB_LTE_MTU", "1400"), dir)) {
            Path socket = start(lab);
            int lte = 1400 - IPV4_OVERHEAD;
            // Both paths may carry traffic, so the kernel sizes the connection (MSS) for the smaller one.
            awaitStatus(
                    socket,
                    s -> path(s, "wwan0") != null
                            && path(s, "wlan0") != null
                            && s.path("session").path("tunnel_mtu").asInt() == lte,
                    30);
            assertThat(deviceMtu(lab)).isEqualTo(lte);
            try (NetworkNamespace server = NetworkNamespace.attach(lab.server());
                    NetworkNamespace laptop = NetworkNamespace.attach(lab.laptop());
                    PacedServer paced = new PacedServer(
                            server.call(() -> new ServerSocket(8080, 16, InetAddress.getByName(SERVER))),
                            size,
                            2_000_000)) {
                KernelRoamingTest.Download download =
                        new KernelRoamingTest.Download(laptop.call(() -> KernelRoamingTest.connect('D')), size);
                Thread.sleep(2000);
                ns(lab.laptop(), "ip", "link", "set", "wlan0", "down"); // onto LTE, MTU 1400
                awaitStatus(socket, s -> "wwan0".equals(carrier(s)), 10);
                Thread.sleep(3000);
                ns(lab.laptop(), "ip", "link", "set", "wlan0", "up");
                lab.script("routes");
                JsonNode back = awaitStatus(socket, s -> "wlan0".equals(carrier(s)), 20); // after move-back-after

                byte[] received = download.digest.get(60, TimeUnit.SECONDS);
                assertThat(HexFormat.of().formatHex(received))
                        .as("SHA-256 of the download")
                        .isEqualTo(HexFormat.of().formatHex(paced.sentDigest.get(10, TimeUnit.SECONDS)));
                List<String> moves = new ArrayList<>();
                awaitStatus(socket, s -> true, 5)
                        .path("handovers")
                        .forEach(h -> moves.add(
                                h.path("from").asText() + "->" + h.path("to").asText()));
                assertThat(moves).as("handovers").contains("wlan0->wwan0", "wwan0->wlan0");
                System.out.printf(
                        "==== %d MB download over Wi-Fi (1500) -> LTE (1400) -> Wi-Fi: %.1f s, tunnel MTU "
                                + "%d, SHA-256 equal; handovers %s%n",
                        size >> 20,
                        download.seconds(),
                        back.path("session").path("tunnel_mtu").asInt(),
                        moves);
            }
        }
    }

    @Test
    void withNoPathThatCarries1280BytePacketsTheAgentStopsWithAClearError() throws Exception {
        RootOnly.requireTun();
        try (KernelLab lab = new KernelLab(LAB, Map.of("QRLAB_WIFI_MTU", "1280", "QRLAB_LTE_MTU", "1300"), dir)) {
            Process agent = startProcesses(lab);
            assertThat(agent.waitFor(30, TimeUnit.SECONDS))
                    .as("the agent stops by itself")
                    .isTrue();
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(agent.exitValue()).as(log).isEqualTo(1);
            assertThat(log)
                    .contains("no path can carry the tunnel's 1280-byte packets (RFC 9484 §7.1)", "wlan0", "wwan0");
            assertThat(tryNs(lab.laptop(), "ip", "link", "show", "qrm0").exitCode())
                    .as("the TUN device is gone with it")
                    .isNotZero();
        }
    }

    /** Gateway (TUN egress) and agent ({@code tunnel.mtu: auto}) up; the agent's control socket. */
    private Path start(KernelLab lab) throws Exception {
        startProcesses(lab);
        Path socket = dir.resolve("run").resolve("agent.sock");
        awaitStatus(socket, s -> s.path("session").path("routes").size() > 0, 40);
        return socket;
    }

    /** Writes the configurations, starts the gateway and waits for it, starts the agent; the agent's process. */
    private Process startProcesses(KernelLab lab) throws Exception {
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
                egress-device: qrmtu0
                """.formatted(url));
        Files.writeString(dir.resolve("agent.yaml"), """
                server:
                  url: "%s"
                  ca-file: state/gateway-198.18.0.1-cert.pem
                  token-file: token.txt
                tunnel: {device: qrm0}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, metered: false}
                policy: {move-back-after: 3s}
                """.formatted(url));
        lab.quicroam(
                lab.gateway(),
                "gateway.log",
                "gateway",
                "-c",
                dir.resolve("gateway.yaml").toString());
        lab.awaitLog("gateway.log", "gateway listening", 30);
        return lab.quicroam(
                lab.laptop(),
                "agent.log",
                "agent",
                "-c",
                dir.resolve("agent.yaml").toString(),
                "--control-socket",
                dir.resolve("run").resolve("agent.sock").toString());
    }

    private static JsonNode path(JsonNode status, String interfaceName) {
        for (JsonNode path : status.path("paths")) {
            if (path.path("interface").asText().equals(interfaceName)) {
                return path;
            }
        }
        return null;
    }

    private static String carrier(JsonNode status) {
        for (JsonNode path : status.path("paths")) {
            if ("available".equals(path.path("role").asText())) {
                return path.path("interface").asText();
            }
        }
        return null;
    }

    private static int deviceMtu(KernelLab lab) throws Exception {
        Matcher m = LINK_MTU.matcher(ns(lab.laptop(), "ip", "-o", "link", "show", "dev", "qrm0"));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** {@code count} echo requests of {@code size} bytes (IP packet) with DF to the server; every one answered. */
    private static void ping(KernelLab lab, int size, int count) throws Exception {
        ns(
                lab.laptop(),
                "ping",
                "-n",
                "-q",
                "-M",
                "do",
                "-s",
                Integer.toString(size - 28),
                "-c",
                Integer.toString(count),
                "-i",
                "0.2",
                "-W",
                "2",
                SERVER);
    }

    /** The largest DF ping that crosses: the tunnel's MTU; one byte more is refused, naming that MTU. */
    private static int largestCrossing(KernelLab lab, int tunnelMtu) throws Exception {
        ping(lab, tunnelMtu, 3);
        KernelLab.Result larger = tryNs(
                lab.laptop(),
                "ping",
                "-n",
                "-M",
                "do",
                "-s",
                Integer.toString(tunnelMtu + 1 - 28),
                "-c",
                "1",
                "-W",
                "2",
                SERVER);
        assertThat(larger.exitCode())
                .as("one byte over the tunnel MTU: " + larger.output())
                .isNotZero();
        // The laptop's stack refuses it ("mtu=N"), or the agent answers with "fragmentation needed" ("mtu = N").
        assertThat(larger.output().replace(" = ", "=")).as(larger.output()).contains("mtu=" + tunnelMtu);
        return tunnelMtu;
    }
}
