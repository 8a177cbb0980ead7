package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.cli.control.ControlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quicroam paths --watch} and {@code quicroam reload} against a running agent over its control socket. */
class AgentControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void watchStreamsTheSnapshotThenPathAndHandoverEvents() throws Exception {
        try (LoopbackSession session = new LoopbackSession(dir, "")) {
            Path socket = session.daemon.controlSocket();
            // Path events are differences between polled statuses: let the daemon see both paths first.
            assertThat(LoopbackSession.within(
                            10,
                            () -> session.daemon.latestStatus() != null
                                    && session.daemon.latestStatus().paths().size() == 2))
                    .isTrue();
            List<JsonNode> events = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> {
                try {
                    ControlServer.stream(socket, ControlServer.WATCH, line -> {
                        events.add(parse(line));
                        return events.size() < 50;
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(LoopbackSession.within(5, () -> !events.isEmpty())).isTrue();
            assertThat(events.get(0).path("event").asText()).isEqualTo("status");
            assertThat(events.get(0).path("paths"))
                    .extracting(p -> p.path("interface").asText())
                    .containsExactlyInAnyOrder("wlan0", "wwan0");

            session.interfaces.down("wlan0");
            boolean seen = LoopbackSession.within(10, () -> {
                try {
                    session.ping(session.innerV4(), 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return names(events).containsAll(List.of("handover", "path-closed"));
            });

            assertThat(seen).as("events: %s", events).isTrue();
            JsonNode handover = events.stream()
                    .filter(e -> e.path("event").asText().equals("handover"))
                    .findFirst()
                    .orElseThrow();
            assertThat(handover.path("from").asText()).isEqualTo("wlan0");
            assertThat(handover.path("to").asText()).isEqualTo("wwan0");
            assertThat(handover.path("duration_ms").asDouble()).isPositive();
            JsonNode closed = events.stream()
                    .filter(e -> e.path("event").asText().equals("path-closed"))
                    .findFirst()
                    .orElseThrow();
            assertThat(closed.path("interface").asText()).isEqualTo("wlan0");
            // Only the owner's status snapshot shows the inner addresses; events name interfaces, never addresses.
            assertThat(events.subList(1, events.size()))
                    .allSatisfy(e -> assertThat(e.toString()).doesNotContain("127.0.0.", "198.18.", "100.64."));
            assertThat(PathsCommand.describe(handover)).contains("handover wlan0 -> wwan0");

            session.daemon.close(); // the agent stops: the stream ends
            watching.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void reloadAppliesSplitTunnelLogLevelAndProbesKeepsTheSessionAndListsWhatNeedsARestart() throws Exception {
        try (LoopbackSession session = new LoopbackSession(dir, "")) {
            Path socket = session.daemon.controlSocket();
            String before = status(socket).path("session").path("addresses").toString();
            String yaml = Files.readString(session.configFile)
                            .replace(
                                    "tunnel:\n  device: mem0\n",
                                    "tunnel:\n  device: mem0\n  exclude: [192.168.0.0/16]\n")
                    + "logging:\n  level: debug\nprobes:\n  standby-interval: 5s\npolicy:\n  debounce: 500ms\n";
            Files.writeString(session.configFile, yaml);

            JsonNode answer = JSON.readTree(ControlServer.ask(socket, "reload"));

            assertThat(answer.path("reloaded").asBoolean())
                    .as(answer.toString())
                    .isTrue();
            assertThat(answer.path("applied"))
                    .extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("tunnel.exclude", "logging.level", "probes.standby-interval");
            assertThat(answer.path("restart_needed").has("policy.debounce")).isTrue();
            assertThat(answer.path("restart_needed").path("policy.debounce").asText())
                    .contains("debounce");
            assertThat(session.tunnelReconfigurations).containsExactly("[192.168.0.0/16] []");
            assertThat(status(socket).path("session").path("addresses").toString())
                    .as("same session")
                    .isEqualTo(before);
            assertThat(status(socket).path("session").path("session_resets").asInt())
                    .isZero();
            assertThat(ReloadCommand.describe(answer))
                    .contains("applied         tunnel.exclude", "restart needed  policy.debounce");

            // The same file again: nothing new to apply; what needs a restart still does.
            JsonNode again = JSON.readTree(ControlServer.ask(socket, "reload"));
            assertThat(again.path("applied")).isEmpty();
            assertThat(again.path("restart_needed").has("policy.debounce")).isTrue();
        } finally {
            LogLevel.INFO.apply();
        }
    }

    @Test
    void anInvalidFileIsRefusedAndChangesNothing() throws Exception {
        try (LoopbackSession session = new LoopbackSession(dir, "")) {
            Files.writeString(session.configFile, Files.readString(session.configFile) + "tunnel2: {}\n");

            JsonNode answer = JSON.readTree(ControlServer.ask(session.daemon.controlSocket(), "reload"));

            assertThat(answer.path("reloaded").asBoolean()).isFalse();
            assertThat(answer.path("error").asText()).contains("agent.yaml:", "tunnel2", "did you mean 'tunnel'?");
            assertThat(session.tunnelReconfigurations).isEmpty();
            assertThat(ReloadCommand.describe(answer)).startsWith("not reloaded, nothing changed: ");
        }
    }

    private static List<String> names(List<JsonNode> events) {
        return events.stream().map(e -> e.path("event").asText()).toList();
    }

    private static JsonNode status(Path socket) {
        try {
            return JSON.readTree(ControlServer.ask(socket, "status"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
