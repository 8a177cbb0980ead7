package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quicroam.cli.control.ControlServer;
import io.quicroam.linux.Privileges;
import io.quicroam.linux.testing.RootOnly;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running as root, quicroam trusts only files root alone can change (sshd's StrictModes): each kind of unsafe file is
 * refused with one line naming the file and exit code 2, and the control socket's place is never forced. Needs root
 * (chown to another uid); files are made in a temporary directory and given to uid 65534 (nobody).
 */
class RootFilesTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        if (!Privileges.current().isRoot()) {
            RootOnly.skipOrFail("chown to another user needs root");
        }
    }

    @Test
    void aRootOwnedFileOnlyRootCanWriteIsAccepted() throws Exception {
        Path config = agentYaml(dir, "");
        assertThatCode(() -> RootFiles.check(config, "the configuration", 0)).doesNotThrowAnyException();
        assertThat(run("agent", "-c", config.toString(), "--check").code).isZero();
    }

    @Test
    void aConfigurationOwnedByAnotherUserIsRefusedWithOneLineAndExitCode2() throws Exception {
        Path config = agentYaml(dir, "");
        chown(config, NOBODY);
        Result result = run("agent", "-c", config.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err.strip())
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .contains(config.toRealPath().toString(), "owned by uid 65534, not root");
    }

    @Test
    void aConfigurationWritableByGroupIsRefused() throws Exception {
        Path config = agentYaml(dir, "");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-rw-r--"));
        Result result = run("agent", "-c", config.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains(config.toRealPath().toString(), "writable by group or others (mode 664)");
    }

    @Test
    void aTokenFileOwnedByAnotherUserIsRefused() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        chown(token, NOBODY);
        Path config = agentYaml(dir, "  token-file: token\n");
        Result result = run("agent", "-c", config.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("server.token-file", token.toRealPath().toString(), "owned by uid 65534");
    }

    @Test
    void keyAndCaFilesWritableByOthersAreRefused() throws Exception {
        Path key = Files.writeString(dir.resolve("client.key"), "key");
        Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw----rw-"));
        Path config = agentYaml(dir, "  cert-file: client.pem\n  key-file: client.key\n");
        Result keyResult = run("agent", "-c", config.toString(), "--check");
        assertThat(keyResult.code).isEqualTo(2);
        assertThat(keyResult.err).contains("server.key-file", "writable by group or others (mode 606)");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path withCa = agentYaml(dir, "  ca-file: ca.pem\n");
        Result caResult = run("agent", "-c", withCa.toString(), "--check");
        assertThat(caResult.code).isEqualTo(2);
        assertThat(caResult.err).contains("server.ca-file", "writable by group or others (mode 666)");
    }

    @Test
    void aDirectoryOthersMayWriteWithoutTheStickyBitIsRefusedWithItAllowed() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path config = agentYaml(shared, "");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Result open = run("agent", "-c", config.toString(), "--check");
        assertThat(open.code).isEqualTo(2);
        assertThat(open.err)
                .contains("its directory '" + shared.toRealPath() + "' is writable by group or others "
                        + "without the sticky bit (mode 777)");

        Files.setAttribute(shared, "unix:mode", 01777); // like /tmp: others cannot replace root's file
        assertThat(run("agent", "-c", config.toString(), "--check").code).isZero();
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Path home = Files.createDirectory(dir.resolve("home"));
        Path config = agentYaml(home, "");
        chown(home, NOBODY);
        Result result = run("agent", "-c", config.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("its directory '" + home.toRealPath() + "' is owned by uid 65534");
    }

    @Test
    void aSymbolicLinkIsJudgedByWhereItLeads() throws Exception {
        Path target = agentYaml(dir, "");
        chown(target, NOBODY);
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), target);
        Result result = run("agent", "-c", link.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains(target.toRealPath().toString(), "owned by uid 65534");
    }

    @Test
    void otherUsersFilesAreTheirOwnBusiness() throws Exception {
        Path config = agentYaml(dir, "");
        chown(config, NOBODY);
        assertThatCode(() -> RootFiles.check(config, "the configuration", NOBODY))
                .doesNotThrowAnyException();
    }

    @Test
    void theGatewayRefusesATokensFileOthersMayWrite() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.txt"), "laptop-1 0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-rw----"));
        Path config = Files.writeString(
                dir.resolve("gateway.yaml"),
                "template: "
                        + "\"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\ntokens-file: tokens.txt\n");
        Result result = run("gateway", "-c", config.toString(), "--check");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("tokens-file", "writable by group or others (mode 660)");
    }

    @Test
    void aSocketDirectoryOfAnotherUserIsNeitherUsedNorChanged() throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        chown(run, NOBODY);
        Throwable refused = catchThrowable(
                () -> ControlServer.start(run.resolve("agent.sock"), r -> "{}").close());
        assertThat(refused).hasMessageContaining("owned by uid 65534");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                .as("never chmod-ed")
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.getAttribute(run, "unix:uid")).isEqualTo(NOBODY);
    }

    @Test
    void aSymbolicLinkAsTheSocketDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("run"), elsewhere);
        Throwable refused = catchThrowable(
                () -> ControlServer.start(link.resolve("agent.sock"), r -> "{}").close());
        assertThat(refused).hasMessageContaining("not a directory (a symbolic link");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void aSymbolicLinkOrAnotherUsersSocketAtTheSocketPathSurvives() throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Path precious = Files.writeString(dir.resolve("passwd"), "root:x:0:0");
        Path link = Files.createSymbolicLink(run.resolve("agent.sock"), precious);
        assertThat(catchThrowable(() -> ControlServer.start(link, r -> "{}").close()))
                .hasMessageContaining("left alone");
        assertThat(link).isSymbolicLink();
        assertThat(Files.readString(precious)).isEqualTo("root:x:0:0");

        Files.delete(link);
        Path socket = run.resolve("agent.sock");
        ControlServer.start(socket, r -> "{}").close(); // a socket is left behind by a crash below
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        chown(socket, NOBODY);
        assertThat(catchThrowable(() -> ControlServer.start(socket, r -> "{}").close()))
                .hasMessageContaining("left alone");
        assertThat(socket).exists();

        chown(socket, 0);
        ControlServer.start(socket, r -> "{}").close(); // root's own stale socket is replaced
    }

    private static Path agentYaml(Path in, String serverExtra) throws IOException {
        return Files.writeString(
                in.resolve("agent.yaml"),
                "server:\n  url: " + "\"https://gw.example:4433/.well-known/masque/ip/{target}/{ipproto}/\"\n"
                        + serverExtra,
                StandardCharsets.UTF_8);
    }

    private static void chown(Path path, int uid) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
