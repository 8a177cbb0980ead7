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
 * KernelPingComparisonTest's figures: a one-screen table (min / p50 / avg / p99 / max in ms per cell, and the p50 and
 * p99 of the gaps between the cell's sends) with issue #19's two ratios, and the same as JSON in
 * {@code quicroam bench latency}'s style.
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
     * How long the cell's proxy itself held its echoes ({@link ProxyResidence}), and the rest of the median round
     * trip: the wire and the client. Each cell's total p50 minus its proxy's p50, a difference of medians: it shows
     * on which side of the veth two cells differ, not each echo's split.
     */
    void addResidence(String key, ProxyResidence.Echo[] echoes) {
        Map<String, Object> cell = cells.get(key);
        if (cell == null || echoes.length == 0) {
            return;
        }
        long[] nanos =
                Arrays.stream(echoes).mapToLong(ProxyResidence.Echo::residence).toArray();
        Map<String, Object> held = new RoundTrips(nanos.length, nanos, new long[0]).figures();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("echoes", nanos.length);
        out.put("p50_ms", held.get("p50_ms"));
        out.put("p99_ms", held.get("p99_ms"));
        out.put("rest_of_p50_ms", round((double) cell.get("p50_ms") - (double) held.get("p50_ms")));
        // The proxies compared like for like: echoes that woke their proxy, and echoes that found it running.
        out.put("woken", heldOf(echoes, true));
        out.put("running", heldOf(echoes, false));
        cell.put("proxy_residence", out);
    }

    /** The residence of the echoes that woke the proxy ({@link ProxyResidence#WOKEN_NANOS}), or of the others. */
    private static Map<String, Object> heldOf(ProxyResidence.Echo[] echoes, boolean woken) {
        long[] nanos = Arrays.stream(echoes)
                .filter(echo -> echo.woken() == woken)
                .mapToLong(ProxyResidence.Echo::residence)
                .toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("echoes", nanos.length);
        out.put(
                "p50_ms",
                nanos.length == 0
                        ? null
                        : new RoundTrips(nanos.length, nanos, new long[0])
                                .figures()
                                .get("p50_ms"));
        return out;
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
        if (cells.get("b1").get("proxy_residence") instanceof Map<?, ?> ours
                && cells.get("b2").get("proxy_residence") instanceof Map<?, ?> theirs) {
            // The gateway side's ratio for the proxy's own share alone: our gateway's residence over Kwik's proxy's.
            out.put(
                    "gateway_side_proxy_residence_b1_over_b2_p50",
                    Math.round((double) ours.get("p50_ms") / (double) theirs.get("p50_ms") * 100) / 100.0);
            for (String state : new String[] {"woken", "running"}) {
                Object mine = ((Map<?, ?>) ours.get(state)).get("p50_ms");
                Object kwik = ((Map<?, ?>) theirs.get(state)).get("p50_ms");
                if (mine != null && kwik != null) {
                    out.put(
                            "gateway_side_proxy_residence_b1_over_b2_p50_" + state,
                            Math.round((double) mine / (double) kwik * 100) / 100.0);
                }
            }
        }
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

    /** Milliseconds to the microsecond. */
    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }

    void print() {
        System.out.printf(
                "%nping comparison, %s B of ICMP data, %s pings per cell %s ms apart in %s rounds (gap: as sent), "
                        + "load average %s before, %s after:%n",
                report.get("icmp_payload_bytes"),
                cells.values().iterator().next().get("sent"),
                report.get("interval_ms"),
                report.get("rounds"),
                Arrays.toString((double[]) report.get("load_average_before")),
                Arrays.toString((double[]) report.get("load_average_after")));
        System.out.printf(
                "  %-5s %-28s %-17s %7s %7s %7s %7s %7s %5s %7s %7s%n",
                "cell", "client", "proxy", "min", "p50", "avg", "p99", "max", "lost", "gap p50", "gap p99");
        cells.forEach((key, cell) -> System.out.printf(
                "  %-5s %-28s %-17s %7.3f %7.3f %7.3f %7.3f %7.3f %5s %7.3f %7.3f%n",
                key,
                cell.get("client"),
                cell.get("proxy"),
                cell.get("min_ms"),
                cell.get("p50_ms"),
                cell.get("avg_ms"),
                cell.get("p99_ms"),
                cell.get("max_ms"),
                cell.get("lost"),
                cell.get("send_gap_p50_ms"),
                cell.get("send_gap_p99_ms")));
        cells.forEach((key, cell) -> {
            if (cell.get("proxy_residence") instanceof Map<?, ?> held) {
                System.out.printf(
                        "  %-5s the proxy held the echo p50 %.3f ms (p99 %.3f, %s echoes at its veth); the wire and "
                                + "the client the rest of the p50: %.3f ms%n",
                        key, held.get("p50_ms"), held.get("p99_ms"), held.get("echoes"), held.get("rest_of_p50_ms"));
                System.out.printf(
                        "  %-5s   echoes that woke the proxy (after %d ms or more of its silence): p50 %s ms (%s); "
                                + "that found it running: p50 %s ms (%s)%n",
                        key,
                        ProxyResidence.WOKEN_NANOS / 1_000_000,
                        ((Map<?, ?>) held.get("woken")).get("p50_ms"),
                        ((Map<?, ?>) held.get("woken")).get("echoes"),
                        ((Map<?, ?>) held.get("running")).get("p50_ms"),
                        ((Map<?, ?>) held.get("running")).get("echoes"));
            }
        });
        Map<String, Object> ratios = ratios();
        System.out.printf(
                "  agent side a1/b1 (p50, avg): %s; gateway side b1/b2: %s; a1/b2: %s (below 1: quicroam faster)%n",
                ratios.get("agent_side_a1_over_b1"),
                ratios.get("gateway_side_b1_over_b2"),
                ratios.get("both_quicroam_a1_over_both_kwik_b2"));
        if (ratios.containsKey("gateway_side_proxy_residence_b1_over_b2_p50")) {
            System.out.printf(
                    "  gateway side, the proxies' own share alone (b1/b2 residence p50): %s%n",
                    ratios.get("gateway_side_proxy_residence_b1_over_b2_p50"));
            System.out.printf(
                    "  the same, echoes that woke the proxy: %s; that found it running: %s%n",
                    ratios.get("gateway_side_proxy_residence_b1_over_b2_p50_woken"),
                    ratios.get("gateway_side_proxy_residence_b1_over_b2_p50_running"));
        }
    }

    void write(Path file) throws IOException {
        report.put("ratios", ratios());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }
}
