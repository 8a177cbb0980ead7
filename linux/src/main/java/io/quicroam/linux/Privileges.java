package io.quicroam.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What this process may do: its effective uid and effective capability set (CapEff in {@code
 * /proc/self/status}), and a human message saying how to fix a missing privilege.
 * A snapshot: take a new one with {@link #current()} after changing privileges.
 */
public final class Privileges {

    private static final Path STATUS = Path.of("/proc/self/status");

    private final int euid;
    private final long effectiveCapabilities;

    Privileges(int euid, long effectiveCapabilities) {
        this.euid = euid;
        this.effectiveCapabilities = effectiveCapabilities;
    }

    /** The calling process's privileges now. */
    public static Privileges current() {
        try {
            return new Privileges(LibC.geteuid(), parseEffectiveCapabilities(Files.readString(STATUS)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }

    /** The CapEff mask from the text of {@code /proc/<pid>/status}. */
    static long parseEffectiveCapabilities(String status) {
        return status.lines()
                .filter(line -> line.startsWith("CapEff:"))
                .map(line -> Long.parseUnsignedLong(
                        line.substring("CapEff:".length()).trim(), 16))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CapEff line in process status"));
    }

    /** Whether the effective uid is 0. Root in a container may still lack capabilities. */
    public boolean isRoot() {
        return euid == 0;
    }

    /** Whether {@code capability} is in the effective set. */
    public boolean hasCapability(Capability capability) {
        return (effectiveCapabilities & (1L << capability.bit())) != 0;
    }

    /** Why TUN devices, addresses and routes cannot be configured; null when they can. */
    public String missingNetAdminReason() {
        return missingReason(Capability.NET_ADMIN);
    }

    /**
     * Why this process lacks some of {@code needed}, with the command that grants them; null
     * when it has them all.
     */
    public String missingReason(Capability... needed) {
        String missing = Arrays.stream(needed)
                .filter(c -> !hasCapability(c))
                .map(Capability::capName)
                .collect(Collectors.joining(","));
        if (missing.isEmpty()) {
            return null;
        }
        return "this process (euid " + euid + ") lacks " + missing
                + ": run as root, or grant the capabilities to the JVM: sudo setcap " + missing
                + "+ep $(readlink -f $(which java))";
    }
}
