package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code quicroam simulate} is a check a script can rely on: a bound the run cannot meet makes the command exit 1
 * and name the bound, strategy and figure on stderr; bounds it meets exit 0 (issue #18 item 6).
 */
@Tag("scenario")
@Timeout(120)
class SimulateBoundsTest {
    /** A 3 s steady run: a 50 pps call over Wi-Fi, LTE beside it, nothing happening. */
    private static final String SCENARIO = """
            name: steady
            description: Nothing happens for 3 s.
            duration: 3s
            seed: 1
            links:
              - {name: wifi, class: wifi, delay: 4ms, rate: 50mbit, queue: {packets: 256}}
              - {name: lte, class: cellular, delay: 28ms, rate: 20mbit, queue: {packets: 256}}
            traffic:
              - {name: call, pps: 50, size: 200}
            expect:
            """;

    @TempDir
    Path dir;

    @Test
    void anImpossibleBoundExitsOneAndIsNamed() throws Exception {
        // 50 pps leaves 20 ms between deliveries: no run has a longest gap of 1 ms or less.
        Path file = Files.writeString(
                dir.resolve("steady.yaml"), SCENARIO + "  bonded: {max_gap_ms: {call: 1}, session_resets: 0}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = runCapturing(out, err, "simulate", file.toString(), "--strategy", "bonded");

        String stderr = err.toString(StandardCharsets.UTF_8);
        System.out.print(out.toString(StandardCharsets.UTF_8) + stderr);
        assertThat(status).as("exit status").isEqualTo(1);
        assertThat(stderr)
                .containsPattern("bound failed: bonded: max_gap_ms\\.call: \\d+ > 1")
                .doesNotContain("session_resets")
                .doesNotContain("run failed");
    }

    @Test
    void boundsTheRunMeetsExitZero() throws Exception {
        Logger quicroam = (Logger) LoggerFactory.getLogger("io.quicroam");
        Level before = quicroam.getLevel();
        quicroam.setLevel(Level.INFO); // as a program running simulate inside it might have it
        Path file = Files.writeString(
                dir.resolve("steady.yaml"), SCENARIO + "  bonded: {max_gap_ms: {call: 2000}, session_resets: 0}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status;
        Level after;
        try {
            status = runCapturing(out, err, "simulate", file.toString(), "--strategy", "bonded");
            after = quicroam.getLevel();
        } finally {
            quicroam.setLevel(before);
        }

        System.out.print(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        assertThat(status).as("exit status").isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("bound failed");
        // Run inside another program (as here), simulate quiets quicroam's INFO lines only while it runs.
        assertThat(after).as("io.quicroam's level after the run").isEqualTo(Level.INFO);
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
