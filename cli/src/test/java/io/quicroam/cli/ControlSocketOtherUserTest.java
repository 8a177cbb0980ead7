package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.cli.control.ControlServer;
import io.quicroam.linux.Privileges;
import io.quicroam.linux.testing.RootOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another user cannot talk to the agent: a process running as {@code nobody} tries to connect to the control
 * socket and is refused, both by the owner-only directory and, were that opened up, by the socket's own mode.
 * Needs root (to run the probe as another user).
 */
class ControlSocketOtherUserTest {
    private static final String PROBE = """
            import java.nio.channels.SocketChannel;
            import java.net.UnixDomainSocketAddress;
            import java.nio.file.Path;

            public class Probe {
                public static void main(String[] args) {
                    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
                        System.out.println("connected");
                    } catch (Exception e) {
                        System.out.println("refused: " + e.getMessage());
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anotherUserIsRefusedAndTheOwnerIsNot() throws Exception {
        if (!Privileges.current().isRoot()) {
            RootOnly.skipOrFail("running a probe as another user needs root");
            return;
        }
        // Everything above the socket's own directory is open, so only quicroam's protections are tested.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path probe = Files.writeString(dir.resolve("Probe.java"), PROBE, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
        Path socket = dir.resolve("run").resolve("agent.sock");
        try (ControlServer control = ControlServer.start(socket, request -> "{}")) {
            assertThat(run(probe, socket, false)).as("the owner").isEqualTo("connected");
            assertThat(run(probe, socket, true))
                    .as("nobody, owner-only directory")
                    .startsWith("refused");

            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(run(probe, socket, true)).as("nobody, owner-only socket").startsWith("refused");
        }
    }

    private static String run(Path probe, Path socket, boolean asNobody) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                probe.toString(),
                socket.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("probe finished")
                    .isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            process.destroyForcibly();
        }
    }
}
