package io.quicroam.cli.control;

import io.quicroam.linux.LibC;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares the place of the control socket without trusting whoever chose the path (a user-writable agent.yaml may
 * name any path while the agent runs as root): the socket's directory is created owner-only when it does not exist,
 * and an existing one must be a real directory (not a symbolic link) that this process's user owns and nobody else
 * may write to; it is never chmod-ed, so naming {@code /etc} cannot open it up. Whatever is at the socket's path is
 * removed only when it is a socket this user owns that nobody listens on any more (an agent that died): a regular
 * file, a symbolic link, a directory or another user's socket stays, and the agent refuses to start.
 */
final class SocketDirectory {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private SocketDirectory() {}

    /** Makes {@code socket}'s directory safe to bind in and clears a stale socket; throws why it cannot. */
    static void prepare(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        int uid = LibC.geteuid();
        try {
            // createDirectory, not createDirectories: only the last component is ours to make, and it fails
            // rather than follow a symbolic link someone placed there.
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            checkDirectory(dir, uid);
        } catch (NoSuchFileException e) {
            throw new IOException("control socket " + socket + ": the directory above " + dir + " does not exist");
        }
        removeStaleSocket(socket, uid);
    }

    private static void checkDirectory(Path dir, int uid) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("control socket directory " + dir + " is not a directory (a symbolic link or a "
                    + "file); choose another control.socket");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid) {
            throw new IOException("control socket directory " + dir + " is owned by uid " + owner + ", not by this "
                    + "agent's uid " + uid + "; choose another control.socket");
        }
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new IOException("control socket directory " + dir + " is writable by other users (mode "
                    + Integer.toOctalString(mode & 07777) + "); chmod go-w it or choose another control.socket");
        }
    }

    private static void removeStaleSocket(Path socket, int uid) throws IOException {
        int mode;
        int owner;
        try {
            mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            owner = (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK || owner != uid) {
            throw new IOException("control socket " + socket + ": something else is at that path (not a socket of "
                    + "this agent's user); it is left alone: choose another control.socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("control socket " + socket + ": another agent is listening there");
        } catch (java.net.ConnectException e) {
            Files.delete(socket); // a stale socket of an agent that died
        }
    }
}
