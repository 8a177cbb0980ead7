package io.quicroam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quicroam.transport.HopProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam bench latency}: round trips through the tunnel against raw UDP ping-pong on loopback. */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = "UDP pings from an in-memory device through agent -> QUIC on loopback -> gateway -> an echo host "
                + "and back, against raw netty UDP ping-pong on loopback, in one run: 64- and 1350-byte packets, 1 "
                + "and 8 outstanding; p50/p99/max (median of the runs and their spread), warm-up excluded. With "
                + "QUICROAM_JAVA_OPTS=-Dquicroam.probe=true it also shows where a round trip's time goes, hop by hop.")
final class LatencyBench implements Callable<Integer> {
    private static final int[] SIZES = {64, 1350};
    private static final int[] OUTSTANDING = {1, 8};
    /** The tunnel's MTU: room for the largest ping. */
    private static final int TUNNEL_MTU = 1400;

    @Option(names = "--runs", defaultValue = "5", description = "Runs per measurement (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--count", defaultValue = "3000", description = "Timed pings per run (default ${DEFAULT-VALUE}).")
    int count;

    @Option(
            names = "--warmup",
            defaultValue = "300",
            description = "Pings before each run's timed ones, not counted (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--gap-us",
            defaultValue = "0",
            description = "Pause before each ping, in microseconds (default ${DEFAULT-VALUE}: back to back); a gap "
                    + "lets the threads fall asleep between pings, as interactive traffic does.")
    long gapMicros;

    /**
     * Pings back to back before any run, 8 outstanding, each size: enough for the JIT to compile the datapath (C2
     * after ~10 000 calls). Without it the first runs time the interpreter, the tunnel's longer path the most.
     */
    @Option(
            names = "--jit-warmup",
            defaultValue = "20000",
            description = "Pings back to back before the first run, for the JIT (default ${DEFAULT-VALUE}).")
    int jitWarmup;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        if (runs < 1 || count < 1 || warmup < 0 || gapMicros < 0 || jitWarmup < 0) {
            throw new IllegalArgumentException(
                    "--runs and --count must be positive, --warmup, --jit-warmup and " + "--gap-us not negative");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, HopBreakdown> breakdowns = new LinkedHashMap<>();
        System.out.printf(
                "%-5s %3s | %-26s | %-26s | %9s %9s %6s%n",
                "size", "out", "tunnel p50/p99/max us", "raw UDP p50/p99/max us", "p50 +us", "p99 +us", "lost");
        try (TunnelPingPong tunnel = TunnelPingPong.start(TUNNEL_MTU);
                UdpPingPong raw = UdpPingPong.start()) {
            for (int size : SIZES) {
                tunnel.run(size, 8, jitWarmup, 0, 0);
                raw.run(size, 8, jitWarmup, 0, 0);
            }
            for (int size : SIZES) {
                for (int outstanding : OUTSTANDING) {
                    List<LatencyStats> tunnelRuns = new ArrayList<>();
                    List<LatencyStats> rawRuns = new ArrayList<>();
                    HopBreakdown hops = new HopBreakdown();
                    tunnel.trace(outstanding == 1 ? hops : null);
                    for (int run = 0; run < runs; run++) {
                        // Interleaved, so both see the same machine.
                        tunnelRuns.add(tunnel.run(size, outstanding, warmup, count, gapMicros * 1000));
                        rawRuns.add(raw.run(size, outstanding, warmup, count, gapMicros * 1000));
                    }
                    tunnel.trace(null);
                    breakdowns.put(size + "B x" + outstanding, hops);
                    rows.add(row(size, outstanding, tunnelRuns, rawRuns));
                }
            }
        }
        Map<String, Object> hopReport = new LinkedHashMap<>();
        if (HopProbe.ENABLED) {
            breakdowns.forEach((measurement, hops) -> {
                Map<String, Object> steps = hops.report(measurement);
                if (!steps.isEmpty()) {
                    hopReport.put(measurement, steps);
                }
            });
        }
        if (json != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("runs", runs);
            report.put("timed_pings_per_run", count);
            report.put("warmup_pings_per_run", warmup);
            report.put("gap_us", gapMicros);
            report.put("results", rows);
            if (HopProbe.ENABLED) {
                report.put("hops", hopReport);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        }
        return 0;
    }

    private static Map<String, Object> row(
            int size, int outstanding, List<LatencyStats> tunnelRuns, List<LatencyStats> rawRuns) {
        Map<String, Object> tunnel = figures(tunnelRuns);
        Map<String, Object> raw = figures(rawRuns);
        double tunnelP50 = median(tunnel, "p50");
        double rawP50 = median(raw, "p50");
        double p50Difference = round(tunnelP50 - rawP50);
        double p99Difference = round(median(tunnel, "p99") - median(raw, "p99"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("inner_packet_bytes", size);
        row.put("outstanding", outstanding);
        row.put("tunnel", tunnel);
        row.put("raw_udp", raw);
        row.put("p50_ratio", rawP50 == 0 ? 0 : round(tunnelP50 / rawP50));
        row.put("p50_difference_us", p50Difference);
        row.put("p99_difference_us", p99Difference);
        System.out.printf(
                "%-5d %3d | %-26s | %-26s | %9.1f %9.1f %6s%n",
                size,
                outstanding,
                triple(tunnel),
                triple(raw),
                p50Difference,
                p99Difference,
                tunnel.get("lost") + "/" + raw.get("lost"));
        return row;
    }

    /** p50, p99 and max of several runs: each as the median of the runs with the lowest and highest. */
    private static Map<String, Object> figures(List<LatencyStats> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("p50", LatencyStats.spread(runs, LatencyStats::p50));
        out.put("p99", LatencyStats.spread(runs, LatencyStats::p99));
        out.put("max", LatencyStats.spread(runs, LatencyStats::max));
        out.put("lost", runs.stream().mapToInt(LatencyStats::lost).sum());
        out.put("samples", runs.stream().mapToInt(LatencyStats::samples).sum());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double median(Map<String, Object> figures, String which) {
        return (double) ((Map<String, Object>) figures.get(which)).get("median_us");
    }

    private static String triple(Map<String, Object> figures) {
        return String.format(
                "%.0f / %.0f / %.0f", median(figures, "p50"), median(figures, "p99"), median(figures, "max"));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
