package io.quicroam.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.OptionalInt;

/** An interface's MTU as the kernel has it now ({@code /sys/class/net/<name>/mtu}); empty where there is none. */
final class LinkMtu {
    private static final Path SYSFS = Path.of("/sys/class/net");

    private LinkMtu() {}

    static OptionalInt of(String interfaceName) {
        if (interfaceName == null) {
            return OptionalInt.empty();
        }
        try {
            String text = Files.readString(SYSFS.resolve(interfaceName).resolve("mtu"), StandardCharsets.US_ASCII);
            return OptionalInt.of(Integer.parseInt(text.strip()));
        } catch (IOException | NumberFormatException | InvalidPathException e) {
            return OptionalInt.empty(); // not Linux, or a simulated interface: the configured ceiling applies
        }
    }
}
