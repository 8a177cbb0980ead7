package io.quicroam.linux.testing;

import io.quicroam.linux.CommandException;
import io.quicroam.linux.Ip;
import io.quicroam.linux.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Uniquely named network namespaces for tests: {@code qrtest-<pid>-<n>}. Use the returned
 * namespace in try-with-resources (or close it in {@code @AfterEach}); closing deletes it.
 * Namespaces left behind by crashed JVMs are swept before the first one is created.
 */
public final class TestNamespace {

    static final String PREFIX = "qrtest-";
    private static final Pattern TEST_NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,10})-\\d+");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile boolean swept;

    private TestNamespace() {}

    /** Creates a fresh namespace (requires root: call {@link RootOnly#require()} first). */
    public static NetworkNamespace create() throws CommandException {
        if (!swept) {
            sweepStale();
            swept = true;
        }
        return NetworkNamespace.create(PREFIX + PID + "-" + COUNTER.incrementAndGet());
    }

    /**
     * Deletes the {@code qrtest-*} namespaces whose creating process has ended. Namespaces of
     * live processes are left alone: other test JVMs may be running beside this one.
     *
     * @return the names deleted
     */
    public static List<String> sweepStale() throws CommandException {
        List<String> stale = stale();
        for (String name : stale) {
            Ip.host().tryRun("netns", "delete", name);
        }
        return stale;
    }

    static List<String> stale() {
        if (!Files.isDirectory(NetworkNamespace.RUN_DIR)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NetworkNamespace.RUN_DIR)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(TestNamespace::isStale)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isStale(String name) {
        Matcher m = TEST_NAME.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }
}
