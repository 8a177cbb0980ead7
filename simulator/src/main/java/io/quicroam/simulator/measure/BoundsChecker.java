package io.quicroam.simulator.measure;

import io.quicroam.simulator.scenario.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares a run's figures with the scenario's bounds for its strategy and names every bound it broke. */
public final class BoundsChecker {
    private BoundsChecker() {}

    /** Failed bounds, spelled as in the scenario's {@code expect:} section; empty when all hold. */
    public static List<String> check(Expectation expectation, StrategyResult result) {
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Long> bound : expectation.maxGapMillis().entrySet()) {
            FlowResult flow = flow(result, bound.getKey());
            double gap =
                    flow == null ? Double.POSITIVE_INFINITY : flow.longestGap().millis();
            if (gap > bound.getValue()) {
                failed.add(String.format(
                        Locale.ROOT,
                        "max_gap_ms.%s: %s > %d",
                        bound.getKey(),
                        flow == null ? "no data" : String.format(Locale.ROOT, "%.0f", gap),
                        bound.getValue()));
            }
        }
        for (Map.Entry<String, Long> bound : expectation.maxLost().entrySet()) {
            FlowResult flow = flow(result, bound.getKey());
            if (flow == null || flow.lost() > bound.getValue()) {
                failed.add("lost." + bound.getKey() + ": " + (flow == null ? "no data" : flow.lost()) + " > "
                        + bound.getValue());
            }
        }
        expectation.sessionResets().ifPresent(max -> {
            if (result.sessionResets() > max) {
                failed.add("session_resets: " + result.sessionResets() + " > " + max);
            }
        });
        expectation.addressChanges().ifPresent(max -> {
            if (result.addressChanges() > max) {
                failed.add("address_changes: " + result.addressChanges() + " > " + max);
            }
        });
        expectation.handovers().ifPresent(max -> {
            // Those before traffic starts (the paths settling as they open) are not the scenario's doing.
            long count =
                    result.handovers().stream().filter(h -> h.atMillis() >= 0).count();
            if (count > max) {
                failed.add("handovers: " + count + " > " + max);
            }
        });
        return failed;
    }

    private static FlowResult flow(StrategyResult result, String name) {
        return result.flows().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElse(null);
    }
}
