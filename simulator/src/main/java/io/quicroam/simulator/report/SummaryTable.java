package io.quicroam.simulator.report;

import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.StrategyResult;
import java.util.Locale;

/** The plain-text summary {@code quicroam simulate} prints: one row per strategy and flow, then what failed. */
public final class SummaryTable {
    private static final String ROW = "%-10s %-6s %-8s %7s %7s %6s %4s %5s %8s %8s %13s %7s %7s %5s%n";

    private SummaryTable() {}

    public static String render(SimulationResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "scenario %s, seed %d, %.0f s%n",
                result.scenario(),
                result.seed(),
                result.durationSeconds()));
        out.append(String.format(
                Locale.ROOT,
                ROW,
                "strategy",
                "result",
                "flow",
                "sent",
                "recv",
                "lost",
                "dup",
                "reord",
                "p50 ms",
                "p99 ms",
                "max gap ms @s",
                "resets",
                "addr",
                "hand"));
        for (StrategyResult r : result.results()) {
            boolean first = true;
            for (FlowResult f : r.flows()) {
                out.append(String.format(
                        Locale.ROOT,
                        ROW,
                        first ? r.strategy().label() : "",
                        first ? r.verdict() : "",
                        f.name(),
                        f.sent(),
                        f.received(),
                        f.lost(),
                        f.duplicated(),
                        f.reordered(),
                        millis(f.latency().p50()),
                        millis(f.latency().p99()),
                        String.format(
                                Locale.ROOT,
                                "%.0f @%.1f",
                                f.longestGap().millis(),
                                f.longestGap().startMillis() / 1000),
                        first ? String.valueOf(r.sessionResets()) : "",
                        first ? String.valueOf(r.addressChanges()) : "",
                        first ? String.valueOf(r.handovers().size()) : ""));
                first = false;
            }
        }
        for (StrategyResult r : result.results()) {
            if (r.error() != null) {
                out.append(String.format(
                        Locale.ROOT, "%s: did not complete: %s%n", r.strategy().label(), r.error()));
            }
            for (String bound : r.failedBounds()) {
                out.append(String.format(
                        Locale.ROOT, "%s: bound failed: %s%n", r.strategy().label(), bound));
            }
        }
        out.append("latency: one-way uplink; max gap: longest time without an echo back, and when it began; "
                + "resets/addr: session resets and inner-address changes; hand: handovers\n");
        return out.toString();
    }

    private static String millis(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }
}
