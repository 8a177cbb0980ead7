package io.quicroam.simulator.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds a scenario by name ({@code walk-out-of-office} is {@code walk-out-of-office.yaml} in the first of the
 * scenario folders that has it) or by path (anything with a '/' or a .yaml/.yml ending).
 */
public final class ScenarioCatalog {
    /** The scenario {@code quicroam simulate} runs when none is named. */
    public static final String DEFAULT = "walk-out-of-office";

    private final List<Path> folders;

    /** @param folders where shipped scenarios may be, in search order; missing folders are skipped */
    public ScenarioCatalog(List<Path> folders) {
        this.folders = List.copyOf(folders);
    }

    /** Why a scenario could not be found, with the names that can be. */
    public static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    public Path resolve(String nameOrPath) throws NotFound {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (nameOrPath.contains("/") || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            Path file = Path.of(nameOrPath);
            if (!Files.isRegularFile(file)) {
                throw new NotFound("no scenario file " + file.toAbsolutePath().normalize());
            }
            return file;
        }
        for (Path folder : folders) {
            Path file = folder.resolve(nameOrPath + ".yaml");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new NotFound("no scenario named '" + nameOrPath + "'; known: " + String.join(", ", names())
                + (folders.isEmpty() ? "" : " (looked in " + folders + ")"));
    }

    /** Names of the scenarios in the folders, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path folder : folders) {
            names.addAll(namesIn(folder).orElse(List.of()));
        }
        return new ArrayList<>(names);
    }

    private static Optional<List<String>> namesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return Optional.of(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length()))
                    .toList());
        } catch (IOException e) {
            return Optional.empty(); // an unreadable folder offers no names; resolve() still reports what it tried
        }
    }
}
