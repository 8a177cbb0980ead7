package io.quicroam.simulator.report;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.measure.HeapTrend;
import io.quicroam.simulator.measure.PathDowntime;
import io.quicroam.simulator.measure.ResourceSample;
import io.quicroam.simulator.measure.SoakGap;
import io.quicroam.simulator.measure.SoakResult;
import java.util.List;
import java.util.Locale;

/** A long run's figures as text, below the summary table: the worst gap explained, path downtime, resources. */
public final class SoakSummary {
    private SoakSummary() {}

    public static String render(Mode strategy, SoakResult soak) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "soak %s: longest gap while a link worked %.0f ms (bound %.0f, %.0f " + "from a metered link)%n",
                strategy.label(),
                soak.longestGapWhileALinkWorkedMillis(),
                soak.criteria().maxGapWhileALinkWorksMillis(),
                soak.criteria().maxGapOnAMeteredLinkMillis()));
        soak.gaps().stream()
                .filter(g -> g.whileALinkWorkedMillis() > g.boundMillis())
                .forEach(g -> out.append(gap(g)));
        for (PathDowntime d : soak.downtime()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  path %-8s FAILED while its link was fine %.1f s, unusable %.1f s" + "%n",
                    d.path(),
                    d.failedWhileLinkFineMillis() / 1e3,
                    d.unusableWhileLinkFineMillis() / 1e3));
        }
        List<ResourceSample> r = soak.resources();
        if (!r.isEmpty()) {
            ResourceSample first = r.get(0);
            ResourceSample last = r.get(r.size() - 1);
            out.append(String.format(
                    Locale.ROOT,
                    "  resources: heap after full GC %.1f -> %.1f MB, threads %d -> %d, "
                            + "open files outside the emulator %d -> %d%n",
                    first.heapAfterGcBytes() / 1048576.0,
                    last.heapAfterGcBytes() / 1048576.0,
                    first.threads(),
                    last.threads(),
                    first.fdsOutsideEmulator(),
                    last.fdsOutsideEmulator()));
            HeapTrend.of(r)
                    .ifPresent(heap -> out.append(String.format(
                            Locale.ROOT,
                            "  heap after full GC less the simulator's records (%.1f MB at the end): %.2f -> %.2f -> %.2f MB"
                                    + " (start, warm, end), %+.1f %%; %+d KB in the %.1f min after warm-up%n",
                            last.recordsBytes() / 1048576.0,
                            heap.startBytes() / 1048576.0,
                            heap.warmBytes() / 1048576.0,
                            heap.endBytes() / 1048576.0,
                            100 * heap.growth(),
                            heap.warmToEndBytes() / 1024,
                            heap.warmToEndMinutes())));
        }
        soak.failed().forEach(f -> out.append("  failed: ").append(f).append('\n'));
        return out.toString();
    }

    private static String gap(SoakGap g) {
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "  gap %s at %.1f s on %s: %.0f ms (%.0f " + "while a link worked, bound %.0f); events:",
                g.flow(),
                g.atMillis() / 1e3,
                g.carrier(),
                g.millis(),
                g.whileALinkWorkedMillis(),
                g.boundMillis()));
        g.around()
                .forEach(e -> line.append(
                        String.format(Locale.ROOT, " %.1fs %s %s;", e.atMillis() / 1e3, e.link(), e.action())));
        return line.append('\n').toString();
    }
}
