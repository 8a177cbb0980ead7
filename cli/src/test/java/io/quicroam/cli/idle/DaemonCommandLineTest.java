package io.quicroam.cli.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benches start the gateway and the agent in a lab directory of their own, from this JVM's class path. */
class DaemonCommandLineTest {

    @Test
    void aJarStartedByARelativePathIsFoundFromTheLabDirectory() {
        String classPath = System.getProperty("java.class.path");
        try {
            // As `java -jar cli/target/quicroam.jar bench tcp` sets it.
            System.setProperty("java.class.path", "cli/target/quicroam.jar");
            List<String> argv = IdleCommand.java("none", false, "gateway", "-c", "gateway.yaml");

            String daemonClassPath = argv.get(argv.indexOf("-cp") + 1);
            assertThat(daemonClassPath.split(File.pathSeparator))
                    .containsExactly(
                            Path.of("cli/target/quicroam.jar").toAbsolutePath().toString());
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }
}
