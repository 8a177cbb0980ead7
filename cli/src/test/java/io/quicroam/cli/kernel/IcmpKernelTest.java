package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.metric;
import static io.quicroam.cli.kernel.KernelLab.ns;
import static io.quicroam.cli.kernel.KernelLab.tryNs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quicroam.linux.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and oversized packets on a real network stack, answered the way routers answer them and never costing the
 * tunnel: the lab of scripts/netns-lab.sh (its own namespace prefix), the gateway with {@code egress: tun} and the
 * agent as separate processes, {@code ping} in the server's and the laptop's namespaces as a user would run it. The
 * server also gets an IPv6 network (fd7b:0:0:1::/64) behind the gateway so the tunnel's inner IPv6 is tested too.
 * Root only; under CI=true a skip fails.
 */
class IcmpKernelTest {
    private static final String SERVER = "198.19.0.2";
    private static final String SERVER_V6 = "fd7b:0:0:1::2";
    /** The gateway's own tunnel addresses: the second of each pool (docs/architecture.md). */
    private static final String GATEWAY = "100.64.0.1";

    private static final String GATEWAY_V6 = "fd7a:5152:4f41::1";
    private static final String EGRESS = "qricmp0";
    private static final int GATEWAY_METRICS = 9464;
    private static final int AGENT_METRICS = 9465;
    private static final Pattern FRAG_NEEDED = Pattern.compile(
            "From " + Pattern.quote(GATEWAY) + " icmp_seq=\\d+ Frag needed and DF set \\(mtu = (\\d+)\\)");
    private static final Pattern PACKET_TOO_BIG =
            Pattern.compile("From " + Pattern.quote(GATEWAY_V6) + " icmp_seq=\\d+ Packet too big: mtu=(\\d+)");

    @TempDir
    static Path dir;

    private static KernelLab lab;
    private static Path socket;
    private static String inner;
    private static String innerV6;

    @BeforeAll
    static void up() throws Exception {
        RootOnly.requireTun();
        lab = new KernelLab("qricmp", Map.of(), dir);
        serverIpv6();
        lab.writeTokens();
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: "198.18.0.1:4433"
                template: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                state-dir: state
                tokens-file: tokens.txt
                pool: {ipv4: "100.64.0.0/16", ipv6: "fd7a:5152:4f41::/64"}
                routes: ["198.19.0.0/24", "fd7b:0:0:1::/64"]
                egress: tun
                egress-device: %s
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(EGRESS, GATEWAY_METRICS));
        Files.writeString(dir.resolve("agent.yaml"), """
                server:
                  url: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                  ca-file: state/gateway-198.18.0.1-cert.pem
                  token-file: token.txt
                tunnel: {device: qr0, mtu: 1280}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, metered: false}
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(AGENT_METRICS));
        lab.quicroam(
                lab.gateway(),
                "gateway.log",
                "gateway",
                "-c",
                dir.resolve("gateway.yaml").toString());
        lab.awaitLog("gateway.log", "gateway listening", 30);
        socket = dir.resolve("run").resolve("agent.sock");
        lab.quicroam(
                lab.laptop(),
                "agent.log",
                "agent",
                "-c",
                dir.resolve("agent.yaml").toString(),
                "--control-socket",
                socket.toString());
        JsonNode status = KernelLab.awaitStatus(
                socket,
                s -> s.path("session").path("addresses").size() == 2
                        && s.path("session").path("routes").size() == 2,
                40);
        for (JsonNode address : status.path("session").path("addresses")) {
            String host = address.asText().replaceAll("/\\d+$", "");
            if (host.contains(":")) {
                innerV6 = host;
            } else {
                inner = host;
            }
        }
        ns(lab.server(), "ping", "-c", "1", "-W", "5", inner); // the tunnel carries traffic before any test starts
    }

    /** The server's IPv6 network behind the gateway, as the IPv4 one of netns-lab.sh (no DAD: usable at once). */
    private static void serverIpv6() throws Exception {
        ns(lab.gateway(), "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        ns(lab.gateway(), "ip", "-6", "addr", "add", "fd7b:0:0:1::1/64", "dev", "srv-gw", "nodad");
        ns(lab.server(), "ip", "-6", "addr", "add", SERVER_V6 + "/64", "dev", "eth0", "nodad");
        ns(lab.server(), "ip", "-6", "route", "add", "fd7a:5152:4f41::/64", "via", "fd7b:0:0:1::1");
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aDfPingTooBigForTheTunnelIsToldTheTunnelsMtuAndTheConnectionStays() throws Exception {
        long pathsOpened = pathsOpened();
        KernelLab.Result v4 = tryNs(lab.server(), "ping", "-c", "2", "-W", "2", "-M", "do", "-s", "1472", inner);
        KernelLab.Result v6 =
                tryNs(lab.server(), "ping", "-6", "-c", "2", "-W", "2", "-M", "do", "-s", "1452", innerV6);
        System.out.println("---- ping -M do -s 1472 (1500 bytes) from the server:\n" + v4.output());
        System.out.println("---- ping -6 -M do -s 1452 (1500 bytes) from the server:\n" + v6.output());

        int mtu = mtuIn(v4, FRAG_NEEDED);
        assertThat(mtu).as("the tunnel's MTU, as the gateway reports it").isBetween(1280, 1472);
        assertThat(mtuIn(v6, PACKET_TOO_BIG)).as("the same MTU over IPv6").isEqualTo(mtu);
        // The MTU reported is what the tunnel carries: a packet of exactly that size crosses, both ways.
        ns(lab.server(), "ping", "-c", "1", "-W", "5", "-M", "do", "-s", Integer.toString(mtu - 28), inner);
        ns(lab.server(), "ping", "-6", "-c", "1", "-W", "5", "-M", "do", "-s", Integer.toString(mtu - 48), innerV6);

        assertThat(pathsOpened()).as("no path reopened").isEqualTo(pathsOpened);
        assertThat(sessionResets()).isZero();
        assertThat(gateway("quicroam_gateway_drops_total{reason=\"write-failed\"}"))
                .as("nothing too big reached QUIC")
                .isZero();
    }

    @Test
    void tenThousandOversizedPacketsInARowCostNoConnection() throws Exception {
        long pathsOpened = pathsOpened();
        double oversize = gateway("quicroam_gateway_drops_total{reason=\"oversize\"}");
        double sent = gateway("quicroam_gateway_icmp_sent_total{type=\"too-big\"}");
        double limited = gateway("quicroam_gateway_icmp_rate_limited_total{type=\"too-big\"}");
        // Without this the server's kernel learns the MTU from the first answer and stops the rest itself ("message
        // too long"); mode 3 trusts "fragmentation needed" only for TCP, SCTP and DCCP. And the egress device's queue
        // must hold a burst of 10 000 for every one of them to reach the gateway.
        ns(lab.server(), "sysctl", "-qw", "net.ipv4.ip_no_pmtu_disc=3");
        ns(lab.gateway(), "ip", "link", "set", EGRESS, "txqueuelen", "10000");
        long started = System.nanoTime();
        try {
            tryNs(lab.server(), "ping", "-q", "-M", "do", "-s", "1472", "-c", "10000", "-l", "10000", "-W", "1", inner);
        } finally {
            ns(lab.server(), "sysctl", "-qw", "net.ipv4.ip_no_pmtu_disc=0");
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gateway("quicroam_gateway_drops_total{reason=\"oversize\"}") < oversize + 10_000
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double dropped = gateway("quicroam_gateway_drops_total{reason=\"oversize\"}") - oversize;
        double answered = gateway("quicroam_gateway_icmp_sent_total{type=\"too-big\"}") - sent;
        double held = gateway("quicroam_gateway_icmp_rate_limited_total{type=\"too-big\"}") - limited;
        System.out.printf(
                "10000 oversized DF packets in %.2f s: %.0f dropped as oversize, %.0f fragmentation-needed "
                        + "sent, %.0f rate-limited; QUIC paths opened meanwhile: %d%n",
                seconds, dropped, answered, held, pathsOpened() - pathsOpened);
        // A burst of 10 000 may overflow a kernel queue on the way (netdev backlog); what reaches the gateway counts.
        assertThat(dropped).as("counted as oversize").isBetween(9_000.0, 10_000.0);
        assertThat(answered + held)
                .as("each one answered or held back by the rate limit")
                .isEqualTo(dropped);
        // The per-destination bucket: a burst of 10, then 10 per second (IcmpRateLimiter's defaults).
        assertThat(answered).isBetween(1.0, 10 + 10 * seconds + 1);
        assertThat(pathsOpened()).as("no path reopened").isEqualTo(pathsOpened);
        assertThat(sessionResets()).isZero();
        ns(lab.server(), "ping", "-c", "1", "-W", "5", inner); // and the tunnel still carries
    }

    @Test
    void aHopLimitThatRunsOutOnEncapsulationIsAnsweredWithTimeExceeded() throws Exception {
        // Uplink, TTL 1: the agent leaves the laptop's own packets alone (RFC 9484 §7.2), and the gateway's kernel,
        // forwarding it to the server, answers: the first hop a traceroute from the laptop sees is the gateway.
        KernelLab.Result gatewayHost = tryNs(lab.laptop(), "ping", "-c", "1", "-W", "2", "-t", "1", SERVER);
        // Downlink, TTL 2 from the server: the gateway's kernel leaves 1, the gateway would send it with 0.
        KernelLab.Result downlink = tryNs(lab.server(), "ping", "-c", "1", "-W", "2", "-t", "2", inner);
        System.out.println("---- ping -t 1 from the laptop:\n" + gatewayHost.output()
                + "---- ping -t 2 from the server:\n" + downlink.output());

        assertThat(gatewayHost.output()).contains("From 198.18.0.1 icmp_seq=1 Time to live exceeded");
        assertThat(downlink.output()).contains("From " + GATEWAY + " icmp_seq=1 Time to live exceeded");
        assertThat(agent("quicroam_agent_drops_total{reason=\"hop-limit\"}")).isZero();
        assertThat(gateway("quicroam_gateway_icmp_sent_total{type=\"time-exceeded\"}"))
                .isEqualTo(1);
    }

    @Test
    void aDestinationOutsideTheRoutesIsAdministrativelyProhibited() throws Exception {
        // A route the laptop's owner added by hand; the gateway advertises only the server's network.
        ns(lab.laptop(), "ip", "route", "add", "203.0.113.0/24", "dev", "qr0");
        KernelLab.Result ping = tryNs(lab.laptop(), "ping", "-c", "1", "-W", "2", "203.0.113.9");
        System.out.println("---- ping 203.0.113.9 (outside the routes) from the laptop:\n" + ping.output());

        assertThat(ping.output()).contains("From " + GATEWAY + " icmp_seq=1 Packet filtered");
        assertThat(gateway("quicroam_gateway_drops_total{reason=\"outside-routes\"}"))
                .isEqualTo(1);
        assertThat(gateway("quicroam_gateway_icmp_sent_total{type=\"prohibited\"}"))
                .isEqualTo(1);
    }

    @Test
    void aPacketForAnAddressThatIsNotTheLaptopsNeverReachesIt() throws Exception {
        long received = tunnelPacketsReceived();
        double noSession = gateway("quicroam_gateway_drops_total{reason=\"no-session\"}");
        KernelLab.Result ping = tryNs(lab.server(), "ping", "-c", "3", "-i", "0.2", "-W", "1", "100.64.0.77");

        assertThat(ping.exitCode()).as(ping.output()).isNotZero();
        assertThat(gateway("quicroam_gateway_drops_total{reason=\"no-session\"}") - noSession)
                .as("counted as for no session")
                .isGreaterThanOrEqualTo(3);
        assertThat(tunnelPacketsReceived())
                .as("nothing arrived on the laptop's qr0")
                .isEqualTo(received);
    }

    private static int mtuIn(KernelLab.Result ping, Pattern pattern) {
        Matcher matcher = pattern.matcher(ping.output());
        assertThat(matcher.find())
                .as("ping printed %s:%n%s", pattern, ping.output())
                .isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** QUIC connections the gateway accepted a CONNECT-IP path on, from its log. */
    private static long pathsOpened() throws Exception {
        return lab.log("gateway.log")
                .lines()
                .filter(line -> line.matches(".*session \\d+ path \\d+ opened.*"))
                .count();
    }

    private static long sessionResets() throws Exception {
        return KernelLab.awaitStatus(socket, s -> true, 10)
                .path("session")
                .path("session_resets")
                .asLong();
    }

    private static long tunnelPacketsReceived() throws Exception {
        String stats = ns(lab.laptop(), "cat", "/sys/class/net/qr0/statistics/rx_packets");
        return Long.parseLong(stats.strip());
    }

    private static double gateway(String series) throws Exception {
        return metric(lab.gateway(), GATEWAY_METRICS, series);
    }

    private static double agent(String series) throws Exception {
        return metric(lab.laptop(), AGENT_METRICS, series);
    }
}
