package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.agent.Agent;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.cli.control.StatusJson;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quicroam status} against a running agent: over an owner-only Unix socket, JSON and the table. */
class StatusOverControlSocketTest {
    @TempDir
    Path dir;

    @Test
    void statusShowsTheSessionAndBothPathsOverAnOwnerOnlySocket() throws Exception {
        try (LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .wifiAndLte()
                .start()) {
            Agent agent = rig.agent();
            rig.connect();
            Path socket = dir.resolve("run").resolve("agent.sock");
            try (ControlServer control = ControlServer.start(
                    socket, request -> StatusJson.render(agent.status().join()))) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                        .as("socket permissions")
                        .isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                        .as("directory permissions")
                        .isEqualTo("rwx------");

                JsonNode status = awaitTwoPaths(socket);
                assertThat(status.path("session").path("mode").asText()).isEqualTo("bonded");
                assertThat(status.path("session").path("addresses").toString()).contains("100.64.");
                assertThat(status.path("paths"))
                        .extracting(p -> p.path("interface").asText())
                        .containsExactlyInAnyOrder("wlan0", "wwan0");
                assertThat(status.path("paths"))
                        .extracting(p -> p.path("class").asText())
                        .containsExactlyInAnyOrder("wifi", "cellular");
                String table = StatusCommand.StatusTable.render(status, false);
                assertThat(table)
                        .contains("INTERFACE", "wlan0", "wwan0", "bonded")
                        .doesNotContain("\u001b[");
            }
            assertThat(socket).as("removed on close").doesNotExist();
        }
    }

    private static JsonNode awaitTwoPaths(Path socket) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode status = new ObjectMapper().readTree(ControlServer.ask(socket, "status"));
            if (status.path("paths").size() == 2 || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(50);
        }
    }
}
