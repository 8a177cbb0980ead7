package io.quicroam.cli;

import io.quicroam.config.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Warns, located at the key that names it, when a file holding a secret (token, private key) is open to others. */
final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {}

    /** Adds a warning to {@code map}'s file when {@code file} (the value of {@code key}; may be null) is shared. */
    static void warnIfShared(ConfigMap map, String key, Path file) {
        if (file == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return; // existence and readability were checked when the key was read; nothing more to say
        }
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            map.warn(
                    key,
                    "'" + file + "' is readable or writable by other users ("
                            + PosixFilePermissions.toString(permissions) + "); it holds a secret: chmod 600 '" + file
                            + "'");
        }
    }
}
