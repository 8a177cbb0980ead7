package io.quicroam.pathmanager.path;

import java.util.Locale;

/** Why a decision was made; its {@link #label()} is the {@code reason} tag of the switch counter. */
public enum Trigger {
    PATH_ADDED,
    PATH_CLOSED,
    INTERFACE_DOWN,
    INTERFACE_REMOVED,
    ADDRESS_REMOVED,
    INTERFACE_EXCLUDED,
    PROBE_LOSS,
    PATH_RECOVERED,
    PATH_READMITTED,
    RTT_INFLATION,
    PREFERRED_RETURNED,
    HANDOVER_WINDOW_ENDED,
    POLICY_CHANGED,
    MTU_CHANGED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
