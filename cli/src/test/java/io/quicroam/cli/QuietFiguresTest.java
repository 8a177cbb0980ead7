package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quicroam demo} prints its pings and nothing else by default: no INFO line of the tunnel's events between
 * them; {@code -v} brings those back. Run as a separate JVM, as a user runs it (logging is process-wide).
 */
class QuietFiguresTest {
    @TempDir
    Path dir;

    private record Output(int code, String out, String err) {}

    private Output demo(String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "-n",
                "1"));
        command.addAll(List.of(extra));
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        builder.environment().remove(LogLevel.OVERRIDE);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("demo finished")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Output(
                process.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void theDemoIsQuietByDefaultAndTellsWithVerbose() throws Exception {
        Output quiet = demo();
        assertThat(quiet.code).as(quiet.err).isZero();
        assertThat(quiet.out).contains("seq=");
        assertThat(quiet.out + quiet.err).doesNotContain(" INFO ");

        Output verbose = demo("-v");
        assertThat(verbose.code).as(verbose.err).isZero();
        assertThat(verbose.err).contains(" INFO ");
    }
}
