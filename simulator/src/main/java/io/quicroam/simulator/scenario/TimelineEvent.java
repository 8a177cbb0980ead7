package io.quicroam.simulator.scenario;

import io.quicroam.simulator.link.LinkAction;
import java.time.Duration;
import java.util.Objects;

/** {@code action} happens to link {@code link} at {@code at} after the scenario's traffic starts. */
public record TimelineEvent(Duration at, String link, LinkAction action) {
    public TimelineEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(action, "action");
        if (at.isNegative()) {
            throw new IllegalArgumentException("a timeline event cannot happen before the start: " + at);
        }
    }
}
