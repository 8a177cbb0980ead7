package io.quicroam.pathmanager.iface;

import java.util.Locale;

/** What kind of network an interface reaches; decides default priority, metering and exclusion. */
public enum InterfaceClass {
    WIFI,
    CELLULAR,
    ETHERNET,
    VIRTUAL,
    LOOPBACK,
    OTHER;

    /** The YAML and CLI spelling: {@code wifi}, {@code cellular}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
