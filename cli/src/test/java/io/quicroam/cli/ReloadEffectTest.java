package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.agent.AgentStatus;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LoopbackRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code quicroam reload} against a running agent, judged by its effect: what the logs show and what a path puts on
 * the wire, not the reloader's own list of applied keys (AgentControlTest checks that list). The split tunnel's
 * effect on a real TUN device is {@code kernel.KernelReloadTest}'s.
 */
class ReloadEffectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aReloadToDebugMakesTheAgentsDebugLinesAppearAndBackToInfoStopsThem() throws Exception {
        assumeTrue(System.getenv(LogLevel.OVERRIDE) == null, LogLevel.OVERRIDE + " set: it overrides logging.level");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        try (LoopbackSession session = new LoopbackSession(dir, "logging:\n  level: info\n")) {
            LogLevel.INFO.apply(); // as `quicroam agent` does at start with this file
            String info = Files.readString(session.configFile);

            flapLte(session); // the path manager logs an interface change at DEBUG
            assertThat(debugLines(lines)).as("DEBUG lines at level info").isEmpty();

            Files.writeString(session.configFile, info.replace("level: info", "level: debug"));
            assertThat(reload(session).path("reloaded").asBoolean()).isTrue();
            flapLte(session);
            // Not a speed bound: the line appears at once; 15 s because a CI run once saw more than 5 s under load.
            Await.until(
                    "the interface change logged at DEBUG",
                    Duration.ofSeconds(15),
                    () -> debugLines(lines).stream().anyMatch(m -> m.startsWith("Interface wwan0")));

            Files.writeString(session.configFile, info);
            assertThat(reload(session).path("reloaded").asBoolean()).isTrue();
            int before = debugLines(lines).size();
            flapLte(session);
            assertThat(debugLines(lines))
                    .as("DEBUG lines after going back to info")
                    .hasSize(before);
        } finally {
            root.detachAppender(lines);
            LogLevel.INFO.apply();
        }
    }

    /**
     * Standby paths are probed every {@code probes.standby-interval}: LTE (the standby path, idle) sends next to
     * nothing at the default 10 s, and after a reload to 250 ms about one probe and its acknowledgement every 250 ms.
     */
    @Test
    void aReloadedStandbyIntervalIsWhatTheStandbyPathSends() throws Exception {
        LoopbackRelay[] relay = new LoopbackRelay[1];
        // What LTE's path puts on the wire, whatever QUIC encrypts inside: the datagrams the agent sends.
        AtomicLong sent = new AtomicLong();
        // No metered floor: the interval alone paces LTE's probes (the floor has tests of its own, MeteredPacingTest).
        // Probes time out after 2 s, not 50 ms: on a loaded machine late echoes would move traffic back and forth,
        // and a path carrying traffic is probed as an active one.
        String yaml = "probes:\n  metered-min-interval: 0s\n  timeout-min: 2s\n";
        try (LoopbackSession session = new LoopbackSession(dir, yaml, gateway -> {
            relay[0] = LoopbackRelay.start(gateway, (direction, client, datagram) -> {
                if (direction == LoopbackRelay.Direction.UP) {
                    sent.incrementAndGet();
                }
                return LoopbackRelay.Verdict.PASS;
            });
            return relay[0].address();
        })) {
            try {
                awaitLteSettledOnStandby(session, sent);
                long idle = sentOver(sent, Duration.ofSeconds(3));
                assertThat(lte(session).role()).as("LTE still the standby path").isNotEqualTo(PathRole.AVAILABLE);

                Files.writeString(
                        session.configFile,
                        Files.readString(session.configFile)
                                .replace("probes:\n", "probes:\n  standby-interval: 250ms\n"));
                assertThat(reload(session).path("applied"))
                        .extracting(JsonNode::asText)
                        .contains("probes.standby-interval");
                long probing = sentOver(sent, Duration.ofSeconds(3));
                assertThat(lte(session).role()).as("LTE still the standby path").isNotEqualTo(PathRole.AVAILABLE);

                System.out.printf(
                        "standby path over 3 s: %d datagrams at standby-interval 10s, %d at 250ms%n", idle, probing);
                // 10 s: at most one probe (and its acknowledgement) in the window. 250 ms: 12 probes, measured 23-25
                // datagrams; the upper bound fails if the standby path were paced as the active one (every 50 ms).
                assertThat(idle).as("datagrams at the default 10 s").isLessThanOrEqualTo(4);
                assertThat(probing).as("datagrams at 250 ms").isBetween(8L, 60L);
            } finally {
                if (relay[0] != null) {
                    relay[0].close();
                }
            }
        }
    }

    /** LTE down and up again; returns once its path is back. */
    private static void flapLte(LoopbackSession session) throws InterruptedException {
        session.interfaces.down("wwan0");
        Await.until("LTE's path closed", Duration.ofSeconds(5), () -> lte(session) == null);
        session.interfaces.up("wwan0");
        Await.until("LTE's path back", Duration.ofSeconds(10), () -> lte(session) != null);
    }

    /**
     * Both paths open, LTE a standby path whose first probes were answered, and quiet: a new path is probed every
     * active-interval until its loss window settles, a standby one every standby-interval after that.
     */
    private static void awaitLteSettledOnStandby(LoopbackSession session, AtomicLong sent) throws InterruptedException {
        Await.until("LTE a standby path answering its probes", Duration.ofSeconds(15), () -> {
            AgentStatus.PathReport lte = lte(session);
            return lte != null
                    && lte.role() != PathRole.AVAILABLE
                    && lte.state().equals("active-capable");
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sentOver(sent, Duration.ofSeconds(1)) > 2) {
            assertThat(System.nanoTime()).as("LTE quiet within 15 s").isLessThan(deadline);
        }
    }

    private static AgentStatus.PathReport lte(LoopbackSession session) {
        return session.agent.status().join().paths().stream()
                .filter(p -> p.interfaceName().equals("wwan0"))
                .findFirst()
                .orElse(null);
    }

    private static long sentOver(AtomicLong sent, Duration window) throws InterruptedException {
        long before = sent.get();
        Thread.sleep(window.toMillis());
        return sent.get() - before;
    }

    private static List<String> debugLines(ListAppender<ILoggingEvent> lines) {
        synchronized (lines) { // AppenderBase appends under the appender's lock
            return lines.list.stream()
                    .filter(e -> e.getLevel() == Level.DEBUG)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    private static JsonNode reload(LoopbackSession session) throws Exception {
        return JSON.readTree(ControlServer.ask(session.daemon.controlSocket(), "reload"));
    }
}
