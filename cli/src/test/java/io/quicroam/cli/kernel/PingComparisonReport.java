package io.quicroam.cli.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KernelPingComparisonTest's figures: a one-screen table (min / p50 / avg / p99 / max in ms per cell) with issue #19's
 * two ratios, and the same as JSON in {@code quicroam bench latency}'s style.
 */
final class PingComparisonReport {
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> cells = new LinkedHashMap<>();

    PingComparisonReport(int payload, double intervalMillis, int rounds, double[] loadBefore, double[] loadAfter) {
        report.put("date", Instant.now().toString());
        report.put("icmp_payload_bytes", payload);
        report.put("interval_ms", intervalMillis);
        report.put("rounds", rounds);
        report.put("load_average_before", loadBefore);
        report.put("load_average_after", loadAfter);
        report.put("cells", cells);
    }

    /** A setting of the run, for the JSON. */
    void setting(String key, Object value) {
        report.put(key, value);
    }

    /** One cell's figures and how far its counters moved. */
    void add(String key, String client, String proxy, RoundTrips trips, Map<String, Long> crossed) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("client", client);
        cell.put("proxy", proxy);
        cell.putAll(trips.figures());
        cell.put("counters_moved", crossed);
        cells.put(key, cell);
    }

    /**
     * Agent side: our client against theirs through the same proxy, ours (a1) / theirs (b1); gateway side: the same
     * independent client through our gateway and through theirs, (b1) / (b2). Below 1: quicroam is faster.
     */
    private Map<String, Object> ratios() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent_side_a1_over_b1", ratio("a1", "b1"));
        out.put("gateway_side_b1_over_b2", ratio("b1", "b2"));
        out.put("both_quicroam_a1_over_both_kwik_b2", ratio("a1", "b2"));
        return out;
    }

    private Map<String, Object> ratio(String ours, String theirs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String figure : new String[] {"p50_ms", "avg_ms"}) {
            double divisor = (double) cells.get(theirs).get(figure);
            double value = divisor == 0 ? 0 : (double) cells.get(ours).get(figure) / divisor;
            out.put(figure.replace("_ms", ""), Math.round(value * 100) / 100.0);
        }
        return out;
    }

    void print() {
        System.out.printf(
                "%nping comparison, %s B of ICMP data, %s pings per cell %s ms apart in %s rounds, load average %s "
                        + "before, %s after:%n",
                report.get("icmp_payload_bytes"),
                cells.values().iterator().next().get("sent"),
                report.get("interval_ms"),
                report.get("rounds"),
                Arrays.toString((double[]) report.get("load_average_before")),
                Arrays.toString((double[]) report.get("load_average_after")));
        System.out.printf(
                "  %-5s %-28s %-17s %7s %7s %7s %7s %7s %5s%n",
                "cell", "client", "proxy", "min", "p50", "avg", "p99", "max", "lost");
        cells.forEach((key, cell) -> System.out.printf(
                "  %-5s %-28s %-17s %7.3f %7.3f %7.3f %7.3f %7.3f %5s%n",
                key,
                cell.get("client"),
                cell.get("proxy"),
                cell.get("min_ms"),
                cell.get("p50_ms"),
                cell.get("avg_ms"),
                cell.get("p99_ms"),
                cell.get("max_ms"),
                cell.get("lost")));
        Map<String, Object> ratios = ratios();
        System.out.printf(
                "  agent side a1/b1 (p50, avg): %s; gateway side b1/b2: %s; a1/b2: %s (below 1: quicroam faster)%n",
                ratios.get("agent_side_a1_over_b1"),
                ratios.get("gateway_side_b1_over_b2"),
                ratios.get("both_quicroam_a1_over_both_kwik_b2"));
    }

    void write(Path file) throws IOException {
        report.put("ratios", ratios());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }
}
