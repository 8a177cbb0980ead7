package io.quicroam.cli;

import io.quicroam.transport.HopProbe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the round trips' time went, from {@link HopProbe}'s marks: for the commonest sequence of hops, each step's
 * median and p99 in microseconds. Only meaningful with one ping outstanding.
 */
final class HopBreakdown {
    /** Round trips by their sequence of hop names; each holds the steps' durations. */
    private final Map<String, List<long[]>> bySequence = new HashMap<>();

    private final Map<String, String[]> names = new HashMap<>();

    void add(HopProbe.Marks marks) {
        if (marks.count() < 2) {
            return;
        }
        StringBuilder key = new StringBuilder();
        long[] steps = new long[marks.count() - 1];
        for (int i = 0; i < marks.count(); i++) {
            key.append(marks.names()[i]).append('|');
            if (i > 0) {
                steps[i - 1] = marks.times()[i] - marks.times()[i - 1];
            }
        }
        String sequence = key.toString();
        names.computeIfAbsent(sequence, k -> Arrays.copyOf(marks.names(), marks.count()));
        bySequence.computeIfAbsent(sequence, k -> new ArrayList<>()).add(steps);
    }

    /** Prints the commonest sequence's steps, and returns them for the JSON report (empty without marks). */
    Map<String, Object> report(String measurement) {
        Map<String, Object> out = new LinkedHashMap<>();
        String commonest = bySequence.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
                .map(Map.Entry::getKey)
                .orElse(null);
        if (commonest == null) {
            return out;
        }
        List<long[]> trips = bySequence.get(commonest);
        String[] hops = names.get(commonest);
        int total = bySequence.values().stream().mapToInt(List::size).sum();
        System.out.printf(
                "%n%s: where a round trip's time goes (%d of %d round trips took these hops):%n",
                measurement, trips.size(), total);
        System.out.printf("  %-60s %10s %10s%n", "step", "p50 us", "p99 us");
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int step = 0; step < hops.length - 1; step++) {
            long[] values = new long[trips.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = trips.get(i)[step];
            }
            LatencyStats stats = LatencyStats.of(values, values.length, 0);
            String name = hops[step] + " -> " + hops[step + 1];
            System.out.printf(
                    "  %-60s %10.1f %10.1f%n",
                    name, LatencyStats.micros(stats.p50()), LatencyStats.micros(stats.p99()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", name);
            row.put("p50_us", LatencyStats.micros(stats.p50()));
            row.put("p99_us", LatencyStats.micros(stats.p99()));
            steps.add(row);
        }
        out.put("round_trips", trips.size());
        out.put("round_trips_other_hops", total - trips.size());
        out.put("steps", steps);
        return out;
    }
}
