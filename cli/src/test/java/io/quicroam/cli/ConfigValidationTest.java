package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.config.ConfigException;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.HandshakeLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation before anything starts: one test per class of error, each asserting the file, line and key the
 * message names and what it says is expected.
 */
class ConfigValidationTest {
    private static final String SERVER = """
            server:
              url: "https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/"
            """;

    @TempDir
    Path dir;

    private Path agentYaml(String text) throws IOException {
        return Files.writeString(dir.resolve("agent.yaml"), text, StandardCharsets.UTF_8);
    }

    private ConfigException agentError(String text) throws IOException {
        Path file = agentYaml(text);
        try {
            AgentFile.load(file);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.getMessage()).startsWith(file + ":" + e.line());
            return e;
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void unknownKeySuggestsTheClosestOne() throws IOException {
        ConfigException e = agentError(SERVER + "tunel:\n  device: qr0\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("tunel");
        assertThat(e.getMessage()).contains("unknown key 'tunel'", "did you mean 'tunnel'?");
    }

    @Test
    void tlsGroupsAreReadInOrderAndAnUnknownGroupIsLocated() throws Exception {
        Path ok = agentYaml(SERVER + "tls:\n  groups: [X25519MLKEM768, P-256]\n");
        assertThat(AgentFile.load(ok).agent().server().tlsGroups().names()).containsExactly("X25519MLKEM768", "P-256");
        assertThat(AgentFile.load(agentYaml(SERVER))
                        .agent()
                        .server()
                        .tlsGroups()
                        .names())
                .as("default")
                .containsExactly("X25519MLKEM768", "X25519", "P-256");

        ConfigException e = agentError(SERVER + "tls:\n  groups:\n    - X25519\n    - X25519MLKEM76\n");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("tls.groups[1]");
        assertThat(e.getMessage())
                .contains(
                        "expected one of X25519MLKEM768, X25519, P-256, P-384, P-521",
                        "did you mean 'X25519MLKEM768'?");
    }

    @Test
    void gatewayTlsGroupsAreValidatedToo() throws Exception {
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"),
                "template: "
                        + "\"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\nauth: none\n"
                        + "tls:\n  groups: [X448]\n");
        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("tls.groups[0]");
        });
        Path pqOnly = Files.writeString(
                dir.resolve("gateway.yaml"),
                "template: "
                        + "\"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\nauth: none\n"
                        + "tls:\n  groups: [X25519MLKEM768]\n");
        assertThat(GatewayFile.load(pqOnly).gateway().tlsGroups().names()).containsExactly("X25519MLKEM768");
    }

    @Test
    void aGatewayWithoutATokensFileRefusesToStartUnlessAuthNoneIsWritten() throws Exception {
        String template = "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\n";
        Path open = Files.writeString(dir.resolve("gateway.yaml"), template);
        assertThatThrownBy(() -> GatewayFile.load(open)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.key()).isEqualTo("tokens-file");
            assertThat(e.getMessage()).contains("write 'auth: none' explicitly");
        });
        Path deliberate = Files.writeString(dir.resolve("gateway.yaml"), template + "auth: none\n");
        assertThat(GatewayFile.load(deliberate).gateway().auth()).isEqualTo(GatewayConfig.Auth.NONE);
    }

    @Test
    void gatewayHandshakeLimitsAndTokenOverlapAreReadAndValidated() throws Exception {
        String head = "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\nauth: none\n";
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"),
                head + "handshakes:\n  retry-above: 0\n  per-prefix-per-minute: 20\n  ipv6-prefix: 48\n"
                        + "  refusal-answers-per-second: 7\n"
                        + "sessions:\n  token-overlap: 5s\n");
        GatewayConfig config = GatewayFile.load(file).gateway();
        assertThat(config.handshakes()).isEqualTo(new HandshakeLimits(0, 20, 24, 48, 7));
        assertThat(config.tokenOverlap()).isEqualTo(Duration.ofSeconds(5));

        Path bad = Files.writeString(dir.resolve("gateway.yaml"), head + "handshakes:\n  ipv4-prefix: 33\n");
        assertThatThrownBy(() -> GatewayFile.load(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("handshakes.ipv4-prefix");
        });
        Path negative = Files.writeString(
                dir.resolve("gateway.yaml"),
                head + "handshakes:\n  retry-above: 5\n  refusal-answers-per-second: -1\n");
        assertThatThrownBy(() -> GatewayFile.load(negative)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.key()).isEqualTo("handshakes.refusal-answers-per-second");
        });
    }

    @Test
    void unknownKeyInADaemonSectionSuggestsTheClosestOne() throws IOException {
        ConfigException e = agentError(SERVER + "metrics:\n  listn: 127.0.0.1:9464\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("metrics.listn");
        assertThat(e.getMessage()).contains("did you mean 'listen'?");
    }

    @Test
    void wrongTypeSaysWhatIsExpected() throws IOException {
        ConfigException e = agentError(SERVER + "tunnel:\n  mtu: big\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("tunnel.mtu");
        assertThat(e.getMessage()).contains("expected auto, or an integer between 1280 and 65535, got 'big'");
    }

    @Test
    void tunnelMtuIsAutoUnlessANumberPinsIt() throws Exception {
        assertThat(AgentFile.load(agentYaml(SERVER)).agent().tunnel().autoMtu())
                .as("the default")
                .isTrue();
        assertThat(AgentFile.load(agentYaml(SERVER + "tunnel:\n  mtu: auto\n"))
                        .agent()
                        .tunnel()
                        .autoMtu())
                .isTrue();
        assertThat(AgentFile.load(agentYaml(SERVER + "tunnel:\n  mtu: 1400\n"))
                        .agent()
                        .tunnel()
                        .mtu())
                .isEqualTo(1400);
        assertThat(agentError(SERVER + "tunnel:\n  mtu: 1279\n").getMessage())
                .as("below IPv6's minimum (RFC 8200 §5)")
                .contains("between 1280 and 65535, got '1279'");
    }

    @Test
    void outOfRangeValueSaysTheRange() throws IOException {
        ConfigException e = agentError(SERVER + "probes:\n  active-interval: 5ms\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("probes.active-interval");
        assertThat(e.getMessage()).contains("between 10ms and 10s", "got '5ms'");
    }

    @Test
    void misspelledChoiceSuggestsTheClosestValue() throws IOException {
        ConfigException e = agentError(SERVER + "logging:\n  level: debgu\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("logging.level");
        assertThat(e.getMessage()).contains("one of error, warn, info, debug, trace", "did you mean 'debug'?");
    }

    @Test
    void missingRequiredKeyNamesIt() throws IOException {
        ConfigException e = agentError("server:\n  target: \"*\"\n");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("server.url");
        assertThat(e.getMessage()).contains("(required)");
    }

    @Test
    void missingTokenFileIsAnError() throws IOException {
        ConfigException e = agentError(SERVER + "  token-file: no-such-token.txt\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("server.token-file");
        assertThat(e.getMessage()).contains("no such file");
    }

    @Test
    void tokenFileThatCannotBeReadIsAnError() throws IOException {
        Files.createDirectory(dir.resolve("token.txt"));

        ConfigException e = agentError(SERVER + "  token-file: token.txt\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("server.token-file");
        assertThat(e.getMessage()).contains("expected an existing readable file", "not a regular file");
    }

    @Test
    void missingConfigurationFileIsAnError() {
        Path missing = dir.resolve("nowhere.yaml");

        assertThatThrownBy(() -> AgentFile.load(missing)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.file()).isEqualTo(missing.toString());
            assertThat(e.getMessage()).contains("no such file");
        });
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() throws IOException {
        ConfigException e = agentError(SERVER + "tunnel:\n  device: [qr0\n");

        assertThat(e.line()).isGreaterThanOrEqualTo(4);
        assertThat(e.getMessage()).contains("YAML syntax error");
    }

    @Test
    void badSplitTunnelPrefixNamesTheEntry() throws IOException {
        ConfigException e = agentError(SERVER + "tunnel:\n  exclude:\n    - 192.168.0.0/16\n    - 10.1.2.3/8\n");

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.key()).isEqualTo("tunnel.exclude");
        assertThat(e.getMessage()).contains("entry '10.1.2.3/8'");
    }

    @Test
    void dnsServerMustBeAnAddressLiteral() throws IOException {
        ConfigException e = agentError(SERVER + "dns:\n  servers: [100.64.0.1, dns.example]\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("dns.servers");
        assertThat(e.getMessage()).contains("entry 'dns.example' is not one");
    }

    @Test
    void metricsEndpointMustBeLoopback() throws IOException {
        ConfigException e = agentError(SERVER + "metrics:\n  listen: 0.0.0.0:9464\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("metrics.listen");
        assertThat(e.getMessage()).contains("loopback", "got '0.0.0.0:9464'");
    }

    @Test
    void tokenFileReadableByOthersIsAWarningThatCheckPrints() throws Exception {
        Path token = Files.writeString(dir.resolve("token.txt"), "0123456789abcdef0123456789abcdef");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        Path file = agentYaml(SERVER + "  token-file: token.txt\n");

        assertThat(AgentFile.load(file).warnings())
                .singleElement()
                .asString()
                .startsWith(file + ":3:15: server.token-file: ")
                .contains("readable or writable by other users", "chmod 600");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = runCapturing(out, err, "agent", "-c", file.toString(), "--check");
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK (1 warning(s))");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warning: " + file + ":3:15: server.token-file");
    }

    @Test
    void privateTokenFileGivesNoWarning() throws Exception {
        Path token = Files.writeString(dir.resolve("token.txt"), "0123456789abcdef0123456789abcdef");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));

        assertThat(AgentFile.load(agentYaml(SERVER + "  token-file: token.txt\n"))
                        .warnings())
                .isEmpty();
    }

    @Test
    void checkRefusesAnInvalidFileWithExitStatusTwo() throws IOException {
        Path file = agentYaml(SERVER + "mode: bondd\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = runCapturing(out, err, "agent", "-c", file.toString(), "--check");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(file + ":3:7: mode: expected one of bonded, migrate, "
                        + "reconnect, got 'bondd' (did you mean 'bonded'?)");
    }

    @Test
    void splitTunnelDnsAndDaemonKeysAreRead() throws Exception {
        AgentFile file = AgentFile.load(agentYaml(SERVER + """
                tunnel:
                  include: [10.0.0.0/8, "fd00::/8"]
                  exclude: [10.10.0.0/16]
                dns:
                  servers: [100.64.0.1]
                  domains: ["~corp.example"]
                metrics:
                  listen: "[::1]:9464"
                logging:
                  level: warn
                control:
                  socket: run/agent.sock
                """));

        assertThat(file.agent().tunnel().include())
                .extracting(Object::toString)
                .containsExactly("10.0.0.0/8", "fd00::/8");
        assertThat(file.agent().tunnel().exclude()).extracting(Object::toString).containsExactly("10.10.0.0/16");
        assertThat(file.agent().dns().servers())
                .extracting(a -> a.getHostAddress())
                .containsExactly("100.64.0.1");
        assertThat(file.agent().dns().domains()).containsExactly("~corp.example");
        assertThat(file.service().metricsListen().getPort()).isEqualTo(9464);
        assertThat(file.service().metricsListen().getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(file.service().logLevel()).isEqualTo(LogLevel.WARN);
        assertThat(file.controlSocket()).isEqualTo(dir.resolve("run/agent.sock"));
    }

    @Test
    void dnsDomainsWithoutServersAreAnError() throws IOException {
        ConfigException e = agentError(SERVER + "dns:\n  domains: [\"~.\"]\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("dns.domains");
        assertThat(e.getMessage()).contains("dns.servers");
    }

    @Test
    void shippedExamplesAreValid() throws Exception {
        Path configs = Path.of(System.getProperty("user.dir")).getParent().resolve("configs");
        Path workDir = Files.createDirectory(dir.resolve("etc"));
        // The examples name files next to them: give them some (private, as they should be).
        Files.writeString(workDir.resolve("tokens.txt"), "laptop-1 0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(workDir.resolve("tokens.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.copy(configs.resolve("agent.yaml"), workDir.resolve("agent.yaml"));
        Files.copy(configs.resolve("gateway.yaml"), workDir.resolve("gateway.yaml"));

        AgentFile agent = AgentFile.load(workDir.resolve("agent.yaml"));
        GatewayFile gateway = GatewayFile.load(workDir.resolve("gateway.yaml"));

        assertThat(agent.warnings()).isEmpty();
        assertThat(agent.service().metricsListen())
                .as("metrics are off by default")
                .isNull();
        assertThat(gateway.warnings()).isEmpty();
    }

    @Test
    void gatewayTokensFileReadableByOthersIsAWarning() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.txt"), "laptop-1 0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-rw-r--"));
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"),
                "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\ntokens-file: tokens.txt\n");

        assertThat(GatewayFile.load(file).warnings())
                .singleElement()
                .asString()
                .startsWith(file + ":2:14: tokens-file: ")
                .contains("chmod 600");
    }

    @Test
    void gatewayMetricsEndpointMustBeLoopback() throws IOException {
        Path file = Files.writeString(
                dir.resolve("gateway.yaml"),
                "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\nauth: none\n"
                        + "metrics:\n  listen: \"[2001:db8::1]:9464\"\n");

        assertThatThrownBy(() -> GatewayFile.load(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.key()).isEqualTo("metrics.listen");
            assertThat(e.getMessage()).startsWith(file + ":4:").contains("loopback");
        });
    }

    private static int runCapturing(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
