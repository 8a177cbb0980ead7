package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.ns;
import static io.quicroam.cli.kernel.KernelLab.tryNs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quicroam.linux.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quicroam reload} of {@code tunnel.include} / {@code tunnel.exclude} on a running agent with a real TUN
 * device, judged as a user would: the routes in the laptop's {@code ip route}, where the kernel sends a packet
 * ({@code ip route get}), and whether a ping reaches the server behind the gateway. The lab of scripts/netns-lab.sh
 * (namespace prefix qrrld), gateway and agent as separate processes. Root only; under CI=true a skip fails.
 */
class KernelReloadTest {
    private static final String SERVER = "198.19.0.2";

    @TempDir
    Path dir;

    @Test
    void aReloadedSplitTunnelChangesTheKernelsRoutesAndWhatCrossesTheTunnel() throws Exception {
        RootOnly.requireTun();
        try (KernelLab lab = new KernelLab("qrrld", Map.of(), dir)) {
            lab.writeTokens();
            Files.writeString(dir.resolve("gateway.yaml"), """
                    listen: "198.18.0.1:4433"
                    template: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                    state-dir: state
                    tokens-file: tokens.txt
                    pool: {ipv4: "100.64.0.0/16", ipv6: "fd7a:5152:4f41::/64"}
                    routes: ["198.19.0.0/24"]
                    egress: tun
                    egress-device: qrrld0
                    """);
            String agentYaml = """
                    server:
                      url: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                      ca-file: state/gateway-198.18.0.1-cert.pem
                      token-file: token.txt
                    tunnel:
                      device: qr0
                      mtu: 1280
                      include: ["198.19.0.0/24"]
                      exclude: ["198.19.0.0/30"]
                    interfaces:
                      wlan0: {class: wifi}
                      wwan0: {class: cellular, metered: false}
                    """;
            Path agentFile = dir.resolve("agent.yaml");
            Files.writeString(agentFile, agentYaml);
            lab.quicroam(
                    lab.gateway(),
                    "gateway.log",
                    "gateway",
                    "-c",
                    dir.resolve("gateway.yaml").toString());
            lab.awaitLog("gateway.log", "gateway listening", 60); // a JVM start on a loaded machine
            Path socket = dir.resolve("run").resolve("agent.sock");
            lab.quicroam(
                    lab.laptop(),
                    "agent.log",
                    "agent",
                    "-c",
                    agentFile.toString(),
                    "--control-socket",
                    socket.toString());
            JsonNode started = KernelLab.awaitStatus(
                    socket, s -> s.path("session").path("addresses").size() == 2, 40);
            awaitRoute(lab, "198.19.0.128/25");

            // The server's /30 is excluded: the kernel has no route for it, the tunnel nothing to carry.
            assertThat(tunnelRoutes(lab))
                    .as("198.19.0.0/24 without 198.19.0.0/30")
                    .isEqualTo("198.19.0.4/30 198.19.0.8/29 198.19.0.16/28 198.19.0.32/27 198.19.0.64/26 "
                            + "198.19.0.128/25");
            assertThat(tryNs(lab.laptop(), "ip", "route", "get", SERVER).output())
                    .contains("unreachable");
            assertThat(tryNs(lab.laptop(), "ping", "-c", "1", "-W", "2", SERVER).exitCode())
                    .as("ping to an excluded server")
                    .isNotZero();

            String withoutExclude = agentYaml.replace("  exclude: [\"198.19.0.0/30\"]\n", "");
            assertThat(withoutExclude).isNotEqualTo(agentYaml);
            Files.writeString(agentFile, withoutExclude);
            Process reload = lab.quicroam(lab.laptop(), "reload.log", "reload", "--socket", socket.toString());
            assertThat(reload.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(reload.exitValue()).as(lab.log("reload.log")).isZero();
            assertThat(lab.log("reload.log")).contains("tunnel.exclude");

            assertThat(tunnelRoutes(lab)).as("the whole /24 after the reload").isEqualTo("198.19.0.0/24");
            assertThat(ns(lab.laptop(), "ip", "route", "get", SERVER)).contains("dev qr0");
            ns(lab.laptop(), "ping", "-c", "1", "-W", "5", SERVER); // now it crosses the tunnel

            JsonNode after = KernelLab.awaitStatus(socket, s -> true, 5);
            assertThat(after.path("session").path("addresses"))
                    .as("the same session")
                    .isEqualTo(started.path("session").path("addresses"));
            assertThat(after.path("session").path("session_resets").asInt()).isZero();
        }
    }

    /** The IPv4 prefixes routed into qr0, in the kernel's order, space-separated. */
    private static String tunnelRoutes(KernelLab lab) throws Exception {
        return String.join(
                " ",
                ns(lab.laptop(), "ip", "-4", "route", "show", "dev", "qr0")
                        .lines()
                        .map(line -> line.split(" ")[0])
                        .filter(prefix -> prefix.startsWith("198.19."))
                        .sorted((a, b) -> Long.compare(start(a), start(b)))
                        .toList());
    }

    private static long start(String prefix) {
        long value = 0;
        for (String octet : prefix.replaceAll("/\\d+$", "").split("\\.")) {
            value = value * 256 + Integer.parseInt(octet);
        }
        return value;
    }

    /** The routes follow the ROUTE_ADVERTISEMENT capsule, right after the addresses. */
    private static void awaitRoute(KernelLab lab, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ns(lab.laptop(), "ip", "-4", "route", "show", "dev", "qr0").contains(prefix)) {
            assertThat(System.nanoTime())
                    .as(prefix + " routed into qr0 within 10 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
