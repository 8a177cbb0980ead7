package io.quicroam.simulator.link;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared mahimahi traces (GPL-3.0 data, read in place, never copied into the repository): the
 * folder beside the repository, {@code <repo>/../shared/traces/mahimahi}, from the module directory. These are
 * extra checks: a clone has nothing beside it (CI included), so when the folder is missing the test is skipped with
 * the reason.
 */
final class SharedTraces {
    private SharedTraces() {}

    static Path file(String name) {
        Path dir = Path.of("")
                .toAbsolutePath()
                .resolve("../../shared/traces/mahimahi")
                .normalize();
        Path file = dir.resolve(name);
        if (!Files.isReadable(file)) {
            String reason = "shared trace " + file + " not found (expected <repo>/../shared/traces/mahimahi)";
            System.err.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return file;
    }
}
