package io.quicroam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What a daemon running as root may read, the way sshd's StrictModes decides: a configuration, token, key or CA
 * file must be owned by root and writable by nobody else, and so must every directory above it (a directory that
 * others may write to lets them swap the file), unless the sticky bit keeps them from replacing what they do not own
 * ({@code /tmp}). Otherwise a user could point the root daemon at any socket path, server or secret through a file
 * they can edit. Symbolic links are followed first, and where they lead is what is checked. Running as another user,
 * every file is that user's business: nothing is checked.
 */
final class RootFiles {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;

    /** A file root must not trust; the message is the one line the user sees. */
    static final class Unsafe extends Exception {
        private static final long serialVersionUID = 1L;

        Unsafe(String message) {
            super(message);
        }
    }

    private RootFiles() {}

    /**
     * Refuses {@code file} (described as {@code what}, e.g. "server.token-file") when {@code euid} is root and the
     * file or a directory above it is not root's alone; does nothing for other users or a null file.
     */
    static void check(Path file, String what, int euid) throws Unsafe {
        if (euid != 0 || file == null || !Files.exists(file)) {
            return; // a missing file is the configuration loader's to report, with file, line and key
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new Unsafe("refusing " + what + " '" + file + "': cannot resolve it (" + e.getMessage() + ")");
        }
        String why = "; running as root, quicroam reads only files that root owns and only root can write (as "
                + "sshd's StrictModes): ";
        String fixFile = why + "sudo chown root: '" + real + "' && sudo chmod go-w '" + real + "'";
        String fixDir = why + "keep it in a directory only root can write, such as /etc/quicroam";
        int[] stat = stat(real, what);
        if (stat[0] != 0) {
            throw new Unsafe("refusing " + what + " '" + real + "': owned by uid " + stat[0] + ", not root" + fixFile);
        }
        if ((stat[1] & GROUP_OR_OTHERS_WRITE) != 0) {
            throw new Unsafe("refusing " + what + " '" + real + "': writable by group or others (mode "
                    + Integer.toOctalString(stat[1] & 07777) + ")" + fixFile);
        }
        for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
            int[] dirStat = stat(dir, what);
            if (dirStat[0] != 0) {
                throw new Unsafe("refusing " + what + " '" + real + "': its directory '" + dir + "' is owned by uid "
                        + dirStat[0] + ", who can replace the file" + fixDir);
            }
            if ((dirStat[1] & GROUP_OR_OTHERS_WRITE) != 0 && (dirStat[1] & STICKY) == 0) {
                throw new Unsafe("refusing " + what + " '" + real + "': its directory '" + dir + "' is writable by "
                        + "group or others without the sticky bit (mode " + Integer.toOctalString(dirStat[1] & 07777)
                        + "), so they can replace the file" + fixDir);
            }
        }
    }

    /** {@link #check} for each of {@code files} (what it is → where), in order. */
    static void checkAll(java.util.Map<String, Path> files, int euid) throws Unsafe {
        for (java.util.Map.Entry<String, Path> file : files.entrySet()) {
            check(file.getValue(), file.getKey(), euid);
        }
    }

    /** Owner uid and mode, without following a link (the path is already real). */
    private static int[] stat(Path path, String what) throws Unsafe {
        try {
            return new int[] {
                (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)
            };
        } catch (IOException | UnsupportedOperationException e) {
            throw new Unsafe("refusing " + what + " '" + path + "': cannot read its owner and mode (" + e + ")");
        }
    }
}
