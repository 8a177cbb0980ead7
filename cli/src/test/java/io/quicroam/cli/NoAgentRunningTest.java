package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands that talk to the agent, with no agent running: exit 1 and one line that says so, no stack trace. */
class NoAgentRunningTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"status", "reload", "paths"})
    void saysNoAgentIsRunningInOneLine(String command) {
        Path socket = dir.resolve("agent.sock");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run(command, "--socket", socket.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("quicroam " + command + ": no agent is running (no control socket at " + socket + ")"
                        + System.lineSeparator());
    }
}
