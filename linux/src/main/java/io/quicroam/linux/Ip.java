package io.quicroam.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The iproute2 {@code ip} command, in the caller's network namespace ({@link #host()}) or in a
 * named one ({@link #in(NetworkNamespace)}, through {@code ip -n NAME}). Configures links,
 * addresses and routes; the caller's threads keep their namespace.
 */
public final class Ip {

    /** Long enough for a loaded machine, short enough that a hung command fails a test. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final List<Path> CANDIDATES = Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")
            .map(Path::of)
            .toList();

    private static final Ip HOST = new Ip(null);

    private final String namespace;

    private Ip(String namespace) {
        this.namespace = namespace;
    }

    /** {@code ip} in the namespace of the calling process. */
    public static Ip host() {
        return HOST;
    }

    /** {@code ip} in {@code namespace}. */
    public static Ip in(NetworkNamespace namespace) {
        return new Ip(namespace.name());
    }

    /** Where iproute2's {@code ip} is installed, if it is. */
    public static Optional<Path> executable() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Runs {@code ip ARGS...} and returns its standard output.
     *
     * @throws CommandException with the command's stderr when it exits non-zero, times out, or
     *     iproute2 is not installed
     */
    public String run(String... args) throws CommandException {
        CommandResult result = tryRun(args);
        if (!result.succeeded()) {
            throw CommandException.failed(result);
        }
        return result.stdout();
    }

    /**
     * Runs {@code ip ARGS...} and returns how it ended, failed or not: for undo steps where
     * "already gone" is fine.
     *
     * @throws CommandException when the command cannot run at all or times out
     */
    public CommandResult tryRun(String... args) throws CommandException {
        List<String> command = new ArrayList<>();
        command.add(executable()
                .orElseThrow(() ->
                        new CommandException(List.of("ip"), "iproute2 is not installed (looked in " + CANDIDATES + ")"))
                .toString());
        if (namespace != null) {
            command.add("-n");
            command.add(namespace);
        }
        command.addAll(List.of(args));
        return Commands.run(TIMEOUT, command);
    }

    @Override
    public String toString() {
        return namespace == null ? "ip" : "ip -n " + namespace;
    }
}
