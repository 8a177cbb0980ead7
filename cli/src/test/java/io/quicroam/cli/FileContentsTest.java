package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quicroam.gateway.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check} and start-up read the content of every file a configuration names: a bad one is one line on
 * stderr naming the configuration, the key, the file and the cause, exit 2, and no stack trace; an unexpected
 * failure later (a port in use) is one line too, exit 1.
 */
class FileContentsTest {
    private static final String TEMPLATE =
            "template: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\n";
    private static final String URL =
            "server:\n  url: \"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\n";
    private static final String GOOD_TOKENS = "laptop-1 0123456789abcdef0123456789abcdef\n";

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
        /** One line, nothing of a Java stack trace. */
        void isOneCleanLine() {
            assertThat(err.strip().lines()).hasSize(1);
            assertThat(err).doesNotContain("Exception:", "\tat ", "at io.quicroam");
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path secret(String name, String text) throws IOException {
        Path file = Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path gatewayYaml(String extra) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), TEMPLATE + "state-dir: state\n" + extra);
    }

    @Test
    void aMalformedTokensFileFailsTheCheckWithItsLine() throws Exception {
        Path tokens = secret("tokens.txt", GOOD_TOKENS + "laptop-2\n");
        Path config = gatewayYaml("tokens-file: tokens.txt\n");

        Result result = run("gateway", "-c", config.toString(), "--check");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.out).doesNotContain("OK");
        assertThat(result.err)
                .startsWith("quicroam gateway: " + config + ": tokens-file: " + tokens + ": line 2:")
                .contains("expected 'CLIENT-NAME TOKEN'");
        result.isOneCleanLine();
    }

    @Test
    void aCertificateOrKeyThatIsNotPemFailsTheCheck() throws Exception {
        SelfSignedCertificate real = SelfSignedCertificate.create(dir, "real", "gw.example");
        secret("tokens.txt", GOOD_TOKENS);
        Path garbage = secret("garbage.pem", "this is not a certificate\n");

        Result ok = run(
                "gateway",
                "-c",
                gatewayYaml("tokens-file: tokens.txt\ncert-file: real-cert.pem\n"
                                + "key-file: real-key.pem\nclient-ca-file: real-cert.pem\n")
                        .toString(),
                "--check");
        assertThat(ok.code).as(ok.err).isZero();
        assertThat(real.certFile()).exists();

        Result cert = run(
                "gateway",
                "-c",
                gatewayYaml("tokens-file: tokens.txt\ncert-file: garbage.pem\n" + "key-file: real-key.pem\n")
                        .toString(),
                "--check");
        assertThat(cert.code).isEqualTo(2);
        assertThat(cert.err).contains("cert-file: " + garbage + ": no PEM certificate in it");
        cert.isOneCleanLine();

        Result key = run(
                "gateway",
                "-c",
                gatewayYaml("tokens-file: tokens.txt\ncert-file: real-cert.pem\n" + "key-file: real-cert.pem\n")
                        .toString(),
                "--check");
        assertThat(key.code).isEqualTo(2);
        assertThat(key.err).contains("key-file: " + real.certFile(), "not an unencrypted private key");
        key.isOneCleanLine();

        Result ca = run(
                "gateway",
                "-c",
                gatewayYaml("tokens-file: tokens.txt\nclient-ca-file: garbage.pem\n")
                        .toString(),
                "--check");
        assertThat(ca.code).isEqualTo(2);
        assertThat(ca.err).contains("client-ca-file: " + garbage);
        ca.isOneCleanLine();
    }

    @Test
    void anAgentWithAnEmptyTokenOrABadCaFailsTheCheck() throws Exception {
        Path empty = secret("token", "\n");
        Path garbage = secret("ca.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        Path agent = Files.writeString(dir.resolve("agent.yaml"), URL + "  token-file: token\n");
        Result token = run("agent", "-c", agent.toString(), "--check");
        assertThat(token.code).isEqualTo(2);
        assertThat(token.err).contains("server.token-file: " + empty + ": empty");
        token.isOneCleanLine();

        Files.writeString(dir.resolve("agent.yaml"), URL + "  ca-file: ca.pem\n");
        Result ca = run("agent", "-c", agent.toString(), "--check");
        assertThat(ca.code).isEqualTo(2);
        assertThat(ca.err).contains("server.ca-file: " + garbage + ": not a valid PEM certificate");
        ca.isOneCleanLine();
    }

    @Test
    void aPortInUseIsOneLineNotAStackTrace() throws Exception {
        secret("tokens.txt", GOOD_TOKENS);
        SelfSignedCertificate.create(dir, "gw", "gw.example");
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Path config = gatewayYaml("tokens-file: tokens.txt\ncert-file: gw-cert.pem\nkey-file: gw-key.pem\n"
                    + "egress: echo\nlisten: 127.0.0.1:" + taken.getLocalPort() + "\n");
            Result result =
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("gateway", "-c", config.toString()));

            assertThat(result.code).isEqualTo(OneLineFailure.EXIT_CODE);
            assertThat(result.err).contains("quicroam gateway: ", "Address already in use");
            result.isOneCleanLine();
        }
    }
}
