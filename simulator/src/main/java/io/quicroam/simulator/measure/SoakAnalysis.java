package io.quicroam.simulator.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Judges a long run (issue #21): every flow gap with the events around it and how much of it passed while a link
 * worked (none may exceed the criteria's bound), how long each path was unusable while its link was fine, and
 * whether heap after GC, threads and file descriptors stayed flat (the last third of the run against the first).
 */
public final class SoakAnalysis {
    /** Link events this long before a gap are listed with it (a silent failure is noticed after it began). */
    static final double EVENTS_BEFORE_MILLIS = 3000;

    static final double EVENTS_AFTER_MILLIS = 1000;
    /** The simulator's cellular links are metered (the agent's default policy for the class). */
    static final String METERED_CLASS = "cellular";

    private SoakAnalysis() {}

    public static SoakResult analyze(
            StrategyResult run, Outages outages, List<ResourceSample> resources, SoakCriteria criteria) {
        List<SoakGap> gaps = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (FlowResult flow : run.flows()) {
            for (Gap gap : flow.gaps()) {
                double end = gap.startMillis() + gap.millis();
                double working = gap.millis() - outages.allOutMillis(gap.startMillis(), end);
                List<LinkEvent> around = run.linkEvents().stream()
                        .filter(e -> e.atMillis() >= gap.startMillis() - EVENTS_BEFORE_MILLIS
                                && e.atMillis() <= end + EVENTS_AFTER_MILLIS)
                        .toList();
                Optional<PathResult> carrier = carrierAt(run, gap.startMillis());
                double bound = criteria.maxGapMillis(
                        carrier.map(p -> p.type().equals(METERED_CLASS)).orElse(false));
                gaps.add(new SoakGap(
                        flow.name(),
                        gap.startMillis(),
                        gap.millis(),
                        working,
                        carrier.map(PathResult::name).orElse("-"),
                        bound,
                        around));
                if (working > bound) {
                    failed.add(String.format(
                            Locale.ROOT,
                            "gap_while_a_link_works.%s: %.0f ms at %.1f s > %.0f",
                            flow.name(),
                            working,
                            gap.startMillis() / 1000,
                            bound));
                }
            }
        }
        List<PathDowntime> downtime =
                run.paths().stream().map(p -> downtime(p, outages)).toList();
        List<ResourceSample> during =
                resources.stream().filter(r -> !r.afterFullGc()).toList();
        heapGrowth(resources, criteria, failed);
        growth(during, ResourceSample::threads, criteria.maxThreadGrowth(), "threads", failed);
        growth(during, ResourceSample::fdsOutsideEmulator, criteria.maxFdGrowth(), "open_fds_outside_emulator", failed);
        return new SoakResult(criteria, gaps, downtime, resources, failed);
    }

    /**
     * The path carrying the traffic at {@code atMillis}: where the last handover before it went, or before any
     * handover, the one that sent the most in the last sample.
     */
    private static Optional<PathResult> carrierAt(StrategyResult run, double atMillis) {
        Optional<String> movedTo = run.handovers().stream()
                .filter(h -> h.atMillis() <= atMillis)
                .reduce((a, b) -> b)
                .map(HandoverRecord::to);
        if (movedTo.isPresent()) {
            return run.paths().stream()
                    .filter(p -> p.name().equals(movedTo.get()))
                    .findFirst();
        }
        return run.paths().stream()
                .max(Comparator.comparingDouble(p -> p.samples().stream()
                        .filter(s -> s.atMillis() <= atMillis)
                        .reduce((a, b) -> b)
                        .map(PathSample::upBitsPerSecond)
                        .orElse(0.0)));
    }

    /** Each sample stands for the time up to the next one. */
    private static PathDowntime downtime(PathResult path, Outages outages) {
        List<PathSample> samples = path.samples();
        double failed = 0;
        double unusable = 0;
        for (int i = 0; i + 1 < samples.size(); i++) {
            PathSample s = samples.get(i);
            if (outages.out(path.name(), s.atMillis())) {
                continue;
            }
            double lasts = samples.get(i + 1).atMillis() - s.atMillis();
            if (s.state().equals("failed")) {
                failed += lasts;
            }
            if (!List.of("active-capable", "suspect", "probing").contains(s.state())) {
                unusable += lasts;
            }
        }
        return new PathDowntime(path.name(), failed, unusable);
    }

    /**
     * Live heap less the simulator's records, right after full collections, at the end against once the run was warm
     * ({@link HeapTrend}); without those (an older report), heap after the last collection like the other figures
     * (which young collections make climb until the old generation is collected, so it overstates).
     */
    private static void heapGrowth(List<ResourceSample> samples, SoakCriteria criteria, List<String> failed) {
        Optional<HeapTrend> trend = HeapTrend.of(samples);
        if (trend.isEmpty()) {
            growth(
                    samples,
                    ResourceSample::heapAfterGcBytes,
                    criteria.maxHeapGrowthBytes(),
                    "heap_after_gc_bytes",
                    failed);
            return;
        }
        long grew = trend.get().warmToEndBytes();
        long limit = criteria.maxHeapGrowthBytes(trend.get().warmToEndMinutes());
        if (grew > limit) {
            failed.add(String.format(
                    Locale.ROOT,
                    "heap_after_full_gc_without_records: grew by %d in %.1f min after warm-up > %d",
                    grew,
                    trend.get().warmToEndMinutes(),
                    limit));
        }
    }

    /** Median of the last third against the median of the first: noise stays, a slope over the run shows. */
    private static void growth(
            List<ResourceSample> samples,
            ToLongFunction<ResourceSample> figure,
            long limit,
            String name,
            List<String> failed) {
        if (samples.size() < 6) {
            return;
        }
        int third = samples.size() / 3;
        long first = median(samples.subList(0, third), figure);
        long last = median(samples.subList(samples.size() - third, samples.size()), figure);
        if (first >= 0 && last - first > limit) {
            failed.add(name + ": grew by " + (last - first) + " > " + limit);
        }
    }

    private static long median(List<ResourceSample> samples, ToLongFunction<ResourceSample> figure) {
        long[] values = samples.stream().mapToLong(figure).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
