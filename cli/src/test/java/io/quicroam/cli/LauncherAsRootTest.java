package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.Privileges;
import io.quicroam.linux.testing.RootOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./quicroam} run as root: it does not build in a clone another user can change and does not run
 * a jar another user owns, and says what to run instead. A copy of the launcher runs in a fake clone whose {@code
 * mvn} and {@code java} only leave a mark, so nothing is built or run for real. Needs root (chown).
 */
class LauncherAsRootTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    private Path clone;
    private Path marks;

    @BeforeEach
    void fakeClone() throws IOException {
        if (!Privileges.current().isRoot()) {
            RootOnly.skipOrFail("chown to another user needs root");
            return;
        }
        clone = Files.createDirectories(dir.resolve("clone"));
        Path launcher = Files.copy(Path.of("..", "quicroam"), clone.resolve("quicroam"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(clone.resolve("pom.xml"), "<project/>");
        marks = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"mvn", "java"}) {
            Path fake = Files.writeString(
                    marks.resolve(tool),
                    "#!/bin/sh\ntouch '" + marks.resolve(tool + ".ran") + "'\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void doesNotBuildAsRootInAUsersClone() throws Exception {
        chownAll(clone, NOBODY);
        Result result = launch(null);
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("not building as root", "build as its owner");
        assertThat(marks.resolve("mvn.ran")).as("mvn never ran").doesNotExist();
    }

    @Test
    void buildsAsRootInAClonesOnlyRootCanChange() throws Exception {
        Result result = launch(null);
        assertThat(marks.resolve("mvn.ran")).as("mvn ran").exists();
        assertThat(result.err).doesNotContain("not building as root");
    }

    @Test
    void refusesAJarAnotherUserOwnsAndRunsARootOwnedOne() throws Exception {
        Path jar = Files.writeString(dir.resolve("quicroam.jar"), "jar");
        Files.setAttribute(jar, "unix:uid", NOBODY);
        Result refused = launch(jar);
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err)
                .contains("refusing to run " + jar + " as root: owned by uid 65534", "sudo install -D -o root");
        assertThat(marks.resolve("java.ran")).as("java never ran").doesNotExist();

        Files.setAttribute(jar, "unix:uid", 0);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(launch(jar).code).as("group-writable").isEqualTo(2);

        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Result ran = launch(jar);
        assertThat(ran.code).isZero();
        assertThat(marks.resolve("java.ran")).exists();
    }

    private record Result(int code, String err) {}

    private Result launch(Path jar) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(clone.resolve("quicroam").toString(), "--version");
        builder.environment().put("PATH", marks + ":/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", dir.toString()); // $JAVA_HOME/bin/java is the fake
        if (jar != null) {
            builder.environment().put("QUICROAM_JAR", jar.toString());
        } else {
            builder.environment().remove("QUICROAM_JAR");
        }
        Process process =
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("launcher finished")
                    .isTrue();
            return new Result(
                    process.exitValue(), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static void chownAll(Path root, int uid) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Files.setAttribute(file, "unix:uid", uid);
            }
        }
    }
}
