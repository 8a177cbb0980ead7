package io.quicroam.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The UDP packets the kernel dropped on their way into one socket, mostly because its receive buffer was full: the
 * {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} for the socket's inode. QUIC learns of
 * them only as lost packets; this counts them at the socket that lost them (Linux; elsewhere none are known).
 */
public final class SocketDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    /** Columns of a table line: sl, local, remote, st, tx:rx queue, tr:when, retrnsmt, uid, timeout, inode, ... */
    private static final int INODE = 9;

    private final String inode;
    private final List<Path> tables;

    private SocketDrops(String inode, List<Path> tables) {
        this.inode = inode;
        this.tables = tables;
    }

    /** For the socket with descriptor {@code fd} in this process; empty where {@code /proc} does not say. */
    public static Optional<SocketDrops> of(int fd) {
        try {
            String target =
                    Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (!target.startsWith("socket:[") || !target.endsWith("]")) {
                return Optional.empty();
            }
            return Optional.of(new SocketDrops(target.substring(8, target.length() - 1), TABLES));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Packets dropped so far; empty when the socket is no longer listed (closed). */
    public OptionalLong count() {
        for (Path table : tables) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns.length > INODE && columns[INODE].equals(inode)) {
                        return OptionalLong.of(Long.parseLong(columns[columns.length - 1]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not this table (no IPv6), or not Linux's format: try the next one
            }
        }
        return OptionalLong.empty();
    }
}
