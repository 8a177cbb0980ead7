package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.agent.Agent;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.testkit.LocalGateway;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A bearer token rotated without restarting the agent (issue #14): the gateway's tokens reload ends the old token's
 * session, {@code quicroam reload} makes the agent read {@code server.token-file} again and open a new session with
 * the new token. A real gateway and agent on loopback; the token file is checked as at the start.
 */
class TokenReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD = "old-token-4f1c0e";
    private static final String NEW = "new-token-9a7b33";

    @TempDir
    Path dir;

    @Test
    void aReloadWithARotatedTokenReconnectsTheAgentWithTheNewToken() throws Exception {
        Path token = tokenFile(OLD);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try (LoopbackSession session = session(token)) {
            assertThat(session.ping(session.innerV4(), 1))
                    .as("the tunnel with the old token")
                    .isEqualTo(1);

            // The rotation: the gateway's tokens file first (its reload ends the old token's session), then the
            // agent's file and `quicroam reload`.
            Files.write(session.rig.gateway().tokensFile(), List.of("alice " + NEW));
            assertThat(session.rig.gateway().gateway().reloadTokens())
                    .as("sessions ended")
                    .isPositive();
            assertThat(LoopbackSession.within(10, () -> !carries(session)))
                    .as("the tunnel down: the old token refused")
                    .isTrue();
            Files.writeString(token, NEW + "\n");
            JsonNode answer = reload(session);
            long reloaded = System.nanoTime();

            assertThat(answer.path("reloaded").asBoolean())
                    .as(answer.toString())
                    .isTrue();
            assertThat(answer.path("applied")).extracting(JsonNode::asText).contains("server.token-file");
            // Measured 0.65 s at load 34 (the old token's session ended, the agent waiting to retry).
            assertThat(LoopbackSession.within(3, () -> carries(session)))
                    .as("the tunnel carries again within 3 s, on a session opened with the new token")
                    .isTrue();
            long millis = (System.nanoTime() - reloaded) / 1_000_000;
            System.out.printf("token rotation: the tunnel carried again %d ms after the reload%n", millis);
            // At least one: an attempt still on its way with the old session's join token can be refused (403) after
            // the new session opened and count a second (seen once in five runs; see the closing note).
            assertThat(session.agent.sessionResets())
                    .as("the session was replaced")
                    .isPositive();
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.contains("bearer token changed"))
                    .as("one line says why the session was replaced")
                    .hasSize(1);
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .as("no log line carries a token")
                    .noneMatch(line -> line.contains(OLD) || line.contains(NEW));
        } finally {
            root.detachAppender(lines);
        }
    }

    /** The agent's file changed first, while the gateway still accepts both tokens: the agent moves to the new. */
    @Test
    void aChangedTokenReplacesTheSessionAtOnce() throws Exception {
        Path token = tokenFile(OLD);
        LocalGateway.Options both = LocalGateway.Options.defaults().withTokens(List.of("alice " + OLD, "bob " + NEW));
        try (LoopbackSession session = new LoopbackSession(dir, both, "  token-file: \"" + token + "\"\n", "")) {
            Files.writeString(token, NEW + "\n");

            assertThat(reload(session).path("applied"))
                    .extracting(JsonNode::asText)
                    .contains("server.token-file");

            assertThat(LoopbackSession.within(10, () -> session.agent.sessionResets() >= 1))
                    .as("a new session within 10 s")
                    .isTrue();
            assertThat(LoopbackSession.within(10, () -> carries(session))).isTrue();
        }
    }

    @Test
    void aTokenFileOthersCanWriteIsRefusedOnReloadAsAtTheStartAndNothingChanges() throws Exception {
        Path token = tokenFile(OLD);
        try (LoopbackSession session = session(token)) {
            Files.writeString(token, NEW + "\n");
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw-rw-"));

            JsonNode answer = reload(session);

            assertThat(answer.path("reloaded").asBoolean()).isFalse();
            assertThat(answer.path("error").asText()).contains("server.token-file", "writable by group or others");
            assertThat(session.ping(session.innerV4(), 1))
                    .as("the session carries on")
                    .isEqualTo(1);
            assertThat(session.agent.sessionResets()).isZero();
        }
    }

    @Test
    void aReloadWithTheSameTokenKeepsTheSession() throws Exception {
        Path token = tokenFile(OLD);
        try (LoopbackSession session = session(token)) {
            JsonNode answer = reload(session);

            assertThat(answer.path("reloaded").asBoolean()).isTrue();
            assertThat(answer.path("applied")).extracting(JsonNode::asText).doesNotContain("server.token-file");
            assertThat(session.ping(session.innerV4(), 1)).isEqualTo(1);
            assertThat(session.agent.sessionResets()).isZero();
        }
    }

    private LoopbackSession session(Path token) throws Exception {
        return new LoopbackSession(
                dir,
                LocalGateway.Options.defaults().withTokens(List.of("alice " + OLD)),
                "  token-file: \"" + token + "\"\n",
                "");
    }

    private Path tokenFile(String value) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, value + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    /** Whether a ping from the session's current address comes back. */
    private static boolean carries(LoopbackSession session) {
        Agent agent = session.agent;
        if (agent.assignment() == null) {
            return false;
        }
        InetAddress v4 = agent.assignment().addresses().stream()
                .map(assigned -> assigned.prefix().address())
                .filter(address -> address.getAddress().length == 4)
                .findFirst()
                .orElse(null);
        try {
            return v4 != null && session.ping(v4, 1) == 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode reload(LoopbackSession session) throws Exception {
        return JSON.readTree(ControlServer.ask(session.daemon.controlSocket(), "reload"));
    }
}
