package io.quicroam.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Non-fatal findings of one configuration file (e.g. a token file readable by others), each located like a
 * {@link ConfigException} message. Shared by every {@link ConfigMap} of that file; the caller logs them.
 */
public final class ConfigWarnings {
    private final List<String> warnings = new ArrayList<>();

    void add(String located) {
        warnings.add(located);
    }

    /** The warnings in the order they were found. */
    public List<String> list() {
        return List.copyOf(warnings);
    }
}
