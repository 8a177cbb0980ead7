package io.quicroam.simulator.measure;

import java.util.List;

/** A long run's own figures and verdicts ({@link SoakAnalysis}); {@code failed} names each criterion it broke. */
public record SoakResult(
        SoakCriteria criteria,
        List<SoakGap> gaps,
        List<PathDowntime> downtime,
        List<ResourceSample> resources,
        List<String> failed) {
    public SoakResult {
        gaps = List.copyOf(gaps);
        downtime = List.copyOf(downtime);
        resources = List.copyOf(resources);
        failed = List.copyOf(failed);
    }

    /** The longest time any flow went without a delivery while a link worked. */
    public double longestGapWhileALinkWorkedMillis() {
        return gaps.stream().mapToDouble(SoakGap::whileALinkWorkedMillis).max().orElse(0);
    }
}
