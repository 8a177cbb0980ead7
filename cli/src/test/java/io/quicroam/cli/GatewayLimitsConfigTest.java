package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.config.ConfigException;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.GatewayLimits;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.capsule.IpPrefix;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gateway.yaml's {@code limits} and {@code egress-policy}: read as written, safe when absent, errors located. */
class GatewayLimitsConfigTest {
    private static final String HEAD =
            "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\nauth: none\n";

    @TempDir
    Path dir;

    private GatewayConfig load(String text) throws Exception {
        return GatewayFile.load(Files.writeString(dir.resolve("gateway.yaml"), HEAD + text, StandardCharsets.UTF_8))
                .gateway();
    }

    @Test
    void absentTheDefaultsApply() throws Exception {
        GatewayConfig config = load("");
        assertThat(config.limits()).isEqualTo(GatewayLimits.defaults());
        assertThat(config.limits().addressQuarantine()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.egressPolicy()).isEqualTo(EgressRules.defaults());
        assertThat(config.egressPolicy().isolateClients()).isTrue();
    }

    @Test
    void theHttp2ListenerTakesTheQuicAddressUnlessMovedOrTurnedOff() throws Exception {
        assertThat(load("listen: \"[::]:4433\"\n").listenTcp())
                .isEqualTo(load("listen: \"[::]:4433\"\n").listen());
        assertThat(load("listen-tcp: \"127.0.0.1:443\"\n").listenTcp())
                .isEqualTo(new InetSocketAddress("127.0.0.1", 443));
        assertThat(load("listen-tcp: off\n").listenTcp()).isNull();
        assertThatThrownBy(() -> load("listen-tcp: everywhere\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gateway.yaml:3:")
                .hasMessageContaining("listen-tcp")
                .hasMessageContaining("or off");
    }

    @Test
    void everyKeyIsReadAsWritten() throws Exception {
        GatewayConfig config = load("""
                limits:
                  max-connections: 300
                  max-sessions: 200
                  max-sessions-per-client: 3
                  max-paths-per-session: 4
                  max-streams-per-connection: 2
                  address-quarantine: 2m
                egress-policy:
                  isolate-clients: false
                  allow: ["169.254.169.254/32"]
                  deny: ["10.0.0.0/8", "fd00::/8"]
                """);
        assertThat(config.limits()).isEqualTo(new GatewayLimits(300, 200, 3, 4, 2, Duration.ofMinutes(2)));
        assertThat(config.egressPolicy())
                .isEqualTo(new EgressRules(
                        List.of(IpPrefix.parse("169.254.169.254/32")),
                        List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("fd00::/8")),
                        false));
    }

    @Test
    void anOutOfRangeLimitNamesFileLineAndKey() throws IOException {
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"), HEAD + "limits:\n  max-sessions: 0\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("limits.max-sessions");
            assertThat(e.getMessage()).startsWith(file + ":4:");
        });
    }

    @Test
    void aMisspelledLimitSuggestsTheKey() throws IOException {
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"), HEAD + "limits:\n  max-session: 10\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).isEqualTo("limits.max-session");
            assertThat(e.getMessage()).contains("did you mean");
        });
    }

    @Test
    void aBadPrefixInTheEgressPolicyNamesTheKey() throws IOException {
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"),
                HEAD + "egress-policy:\n  deny: [\"10.0.0.1/8\"]\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("egress-policy.deny");
            assertThat(e.getMessage()).contains("a list of prefixes");
        });
    }
}
