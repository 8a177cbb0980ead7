package io.quicroam.pathmanager.path;

import io.quicroam.pathmanager.health.FadeSignal;
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
    /** The carrying path's transport declared a growing share of its packets lost. */
    LOSS,
    /** The carrying path delivered less than the traffic needed. */
    RATE,
    PREFERRED_RETURNED,
    HANDOVER_WINDOW_ENDED,
    /** The carrying path wavers (early loss, an inflated RTT): another path carries copies ({@code CoveringScheduler}). */
    COVER,
    /** The carrying path stopped wavering, or was covered for as long as allowed. */
    COVER_ENDED,
    POLICY_CHANGED,
    MTU_CHANGED;

    /** The trigger of a demotion for {@code signal}. */
    public static Trigger of(FadeSignal signal) {
        return switch (signal) {
            case RTT_INFLATION -> RTT_INFLATION;
            case LOSS -> LOSS;
            case RATE -> RATE;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
