package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a user sees from {@code quicroam --version}, and what ships beside the classes. */
class VersionTest {
    @Test
    void versionNamesTheMavenVersionTheCommitAndTheBuildTime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("--version")).isZero();
        } finally {
            System.setOut(previous);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .matches("quicroam \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,}(-dirty)?, built "
                        + "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\\)");
    }

    @Test
    void theLicenceAndTheNoticeTravelWithTheClasses() throws Exception {
        for (String name : new String[] {"LICENSE", "NOTICE"}) {
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/quicroam/" + name)) {
                assertThat(in).as(name).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).contains("Apache License");
            }
        }
    }
}
