package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.metric;
import static io.quicroam.cli.kernel.KernelLab.ns;
import static io.quicroam.cli.kernel.KernelLab.tryNs;
import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's egress policy on a real network stack: the lab of scripts/netns-lab.sh under its own namespace
 * prefix, the gateway ({@code egress: tun}) and the agent as separate processes. The gateway's host has an address
 * inside the routes it advertises (198.19.0.1, its side of the server's network): {@code ping} from the laptop to it
 * is told "Packet filtered" by the gateway and never reaches the host, while the server behind it answers.
 * Root only; under CI=true a skip fails.
 */
class EgressPolicyKernelTest {
    private static final String SERVER = "198.19.0.2";
    /** The gateway host's own address on the server's network, inside the advertised routes. */
    private static final String GATEWAY_HOST = "198.19.0.1";
    /** The gateway's own tunnel address: the source of its ICMP errors. */
    private static final String GATEWAY = "100.64.0.1";

    private static final int GATEWAY_METRICS = 9466;

    @TempDir
    static Path dir;

    private static KernelLab lab;

    @BeforeAll
    static void up() throws Exception {
        RootOnly.requireTun();
        lab = new KernelLab("qrpol", Map.of(), dir);
        lab.writeTokens();
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: "198.18.0.1:4433"
                template: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                state-dir: state
                tokens-file: tokens.txt
                pool: {ipv4: "100.64.0.0/16", ipv6: none}
                routes: ["198.19.0.0/24"]
                egress: tun
                egress-device: qrpol0
                metrics: {listen: "127.0.0.1:%d"}
                """.formatted(GATEWAY_METRICS));
        Files.writeString(dir.resolve("agent.yaml"), """
                server:
                  url: "https://198.18.0.1:4433/.well-known/masque/ip/{target}/{ipproto}/"
                  ca-file: state/gateway-198.18.0.1-cert.pem
                  token-file: token.txt
                tunnel: {device: qr0, mtu: 1280}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, metered: false}
                """);
        lab.quicroam(
                lab.gateway(),
                "gateway.log",
                "gateway",
                "-c",
                dir.resolve("gateway.yaml").toString());
        lab.awaitLog("gateway.log", "gateway listening", 30);
        Path socket = dir.resolve("run").resolve("agent.sock");
        lab.quicroam(
                lab.laptop(),
                "agent.log",
                "agent",
                "-c",
                dir.resolve("agent.yaml").toString(),
                "--control-socket",
                socket.toString());
        KernelLab.awaitStatus(socket, s -> s.path("session").path("routes").size() == 1, 40);
        ns(lab.laptop(), "ping", "-c", "1", "-W", "5", SERVER); // the tunnel carries traffic before the test starts
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aPingToTheGatewaysOwnHostIsAdministrativelyProhibitedAndTheServerStillAnswers() throws Exception {
        KernelLab.Result host = tryNs(lab.laptop(), "ping", "-c", "1", "-W", "2", GATEWAY_HOST);
        System.out.println("---- ping " + GATEWAY_HOST + " (the gateway's host) from the laptop:\n" + host.output());

        assertThat(host.output()).contains("From " + GATEWAY + " icmp_seq=1 Packet filtered");
        assertThat(host.output()).doesNotContain("bytes from " + GATEWAY_HOST);
        assertThat(gateway("quicroam_gateway_drops_total{reason=\"egress-denied\"}"))
                .isEqualTo(1);
        assertThat(gateway("quicroam_gateway_icmp_sent_total{type=\"prohibited\"}"))
                .isEqualTo(1);

        KernelLab.Result server = tryNs(lab.laptop(), "ping", "-c", "1", "-W", "2", SERVER);
        assertThat(server.exitCode()).as(server.output()).isZero();
    }

    private static double gateway(String series) throws Exception {
        return metric(lab.gateway(), GATEWAY_METRICS, series);
    }
}
