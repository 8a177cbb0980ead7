package io.quicroam.simulator.measure;

import java.time.Duration;
import java.util.List;

/**
 * Traffic moved from one path to another at {@code atMillis} (scenario time) because of {@code trigger}; it took
 * {@code durationMillis} until the first packet arrived on the new path (NaN if none did).
 */
public record HandoverRecord(double atMillis, String from, String to, String trigger, double durationMillis) {

    /**
     * The handovers up to a scenario's {@code end}: the drain after it is for echoes still in flight, and a move the
     * agent makes then (a path answering again once the traffic stopped) is no part of what the scenario measured.
     */
    public static List<HandoverRecord> until(List<HandoverRecord> handovers, Duration end) {
        double endMillis = end.toMillis();
        return handovers.stream().filter(h -> h.atMillis() <= endMillis).toList();
    }
}
