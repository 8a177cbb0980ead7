package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/conformance.md from rotting: every test it names ({@code Class#method}) exists as a method of a test
 * source file of this repository, every row has a known status, a "done" row names a test, and the counts line
 * says what the tables hold.
 */
class ConformanceMatrixTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MATRIX = ROOT.resolve("docs/conformance.md");
    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9_]*)`");
    private static final List<String> STATUSES = List.of("done", "n/a", "not done", "open");

    private static List<Path> testSources;

    private record Row(int line, String status, String test) {}

    @Test
    void everyNamedTestExists() throws IOException {
        String matrix = Files.readString(MATRIX);
        Matcher named = TEST.matcher(matrix);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (named.find()) {
            count++;
            String className = named.group(1);
            String method = named.group(2);
            Optional<Path> source = testSource(className);
            if (source.isEmpty()) {
                missing.add(className + "#" + method + " (no test class " + className + ")");
            } else if (!Pattern.compile("\\bvoid " + method + "\\(")
                    .matcher(Files.readString(source.get()))
                    .find()) {
                missing.add(className + "#" + method + " (no such method in " + ROOT.relativize(source.get()) + ")");
            }
        }
        assertThat(count).as("tests named in the matrix").isGreaterThan(50);
        assertThat(missing).as("tests the matrix names that do not exist").isEmpty();
    }

    @Test
    void everyRowHasAKnownStatusAndEveryDoneRowNamesATest() throws IOException {
        for (Row row : rows()) {
            assertThat(STATUSES).as("status of line %d", row.line()).contains(row.status());
            if (row.status().equals("done")) {
                assertThat(TEST.matcher(row.test()).find())
                        .as("test of done line %d", row.line())
                        .isTrue();
            }
            if (row.status().equals("n/a") || row.status().startsWith("not done")) {
                assertThat(row.test()).as("why, on line %d", row.line()).isNotBlank();
            }
        }
    }

    @Test
    void theCountsLineMatchesTheTables() throws IOException {
        List<Row> rows = rows();
        Map<String, Integer> byStatus = new TreeMap<>();
        rows.forEach(row -> byStatus.merge(row.status(), 1, Integer::sum));
        String expected = "Rows: " + rows.size() + ". done " + byStatus.getOrDefault("done", 0) + ", n/a "
                + byStatus.getOrDefault("n/a", 0) + ", not done " + byStatus.getOrDefault("not done", 0) + ", open "
                + byStatus.getOrDefault("open", 0);
        String matrix = Files.readString(MATRIX).replaceAll("\\s+", " ");
        Matcher counts = Pattern.compile("Rows: [^.]*\\. done \\d+, n/a \\d+, not done \\d+, open \\d+")
                .matcher(matrix);
        assertThat(counts.find()).as("a counts line").isTrue();
        assertThat(counts.group().strip()).isEqualTo(expected);
    }

    /** The rows of every table: | § | rule | role | status | test |. */
    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(MATRIX);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| § |")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            assertThat(cells.length).as("cells on line %d", i + 1).isGreaterThanOrEqualTo(7);
            rows.add(new Row(i + 1, cells[4].strip(), cells[5].strip()));
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    private static Optional<Path> testSource(String className) throws IOException {
        if (testSources == null) {
            try (Stream<Path> files = Files.walk(ROOT)) {
                testSources = files.filter(path -> path.toString().contains("/src/test/java/"))
                        .filter(path -> path.toString().endsWith(".java"))
                        .toList();
            }
        }
        return testSources.stream()
                .filter(path -> path.getFileName().toString().equals(className + ".java"))
                .findFirst();
    }
}
