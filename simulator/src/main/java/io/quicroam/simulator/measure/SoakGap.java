package io.quicroam.simulator.measure;

import java.util.List;

/**
 * A flow's gap in a long run, explained: how much of it passed while at least one link worked, which link carried
 * the traffic when it began (its bound depends on whether that one is metered), and the link events around it
 * (from 3 s before it began to 1 s after it ended).
 */
public record SoakGap(
        String flow,
        double atMillis,
        double millis,
        double whileALinkWorkedMillis,
        String carrier,
        double boundMillis,
        List<LinkEvent> around) {
    public SoakGap {
        around = List.copyOf(around);
    }
}
