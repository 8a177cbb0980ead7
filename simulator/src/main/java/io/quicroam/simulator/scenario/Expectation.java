package io.quicroam.simulator.scenario;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The bounds one strategy must meet for the scenario to pass ({@code expect.<strategy>} in YAML). Absent bounds
 * are not checked.
 *
 * @param maxGapMillis   per flow: the longest delivery gap allowed, in milliseconds
 * @param maxLost        per flow: packets that may be lost
 * @param sessionResets  the most CONNECT-IP sessions that may be replaced by new ones
 * @param addressChanges the most times the inner address may change
 * @param handovers      the most handovers once traffic runs (a flapping guard: one bad network must not drag
 *                       traffic back and forth)
 */
public record Expectation(
        Map<String, Long> maxGapMillis,
        Map<String, Long> maxLost,
        OptionalLong sessionResets,
        OptionalLong addressChanges,
        OptionalLong handovers) {

    /** Checks nothing. */
    public static final Expectation NONE =
            new Expectation(Map.of(), Map.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** How many bounds there are to check. */
    public int size() {
        return maxGapMillis.size()
                + maxLost.size()
                + (sessionResets.isPresent() ? 1 : 0)
                + (addressChanges.isPresent() ? 1 : 0)
                + (handovers.isPresent() ? 1 : 0);
    }

    public Expectation {
        maxGapMillis = Map.copyOf(maxGapMillis);
        maxLost = Map.copyOf(maxLost);
        Objects.requireNonNull(sessionResets, "sessionResets");
        Objects.requireNonNull(addressChanges, "addressChanges");
        Objects.requireNonNull(handovers, "handovers");
    }
}
