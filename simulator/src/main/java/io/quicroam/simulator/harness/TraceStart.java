package io.quicroam.simulator.harness;

import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.RateModel;
import io.quicroam.simulator.scenario.ScenarioLink;
import io.quicroam.simulator.scenario.TimelineEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace-driven direction starts its trace when its relay link is created, and setting the run up takes 5 to 9 s
 * depending on the machine's load: which of the trace's stalls land in the scenario's window would change from run to
 * run. Swapping the same trace in again at scenario time 0 (it starts at its first line, {@link LinkAction.SetRate})
 * lines the trace up with the timeline whatever the set-up took.
 */
final class TraceStart {
    private TraceStart() {}

    /** One swap at scenario time 0 per trace-driven direction; schedule them before the timeline's own events. */
    static List<TimelineEvent> atScenarioStart(List<ScenarioLink> links) {
        List<TimelineEvent> swaps = new ArrayList<>();
        for (ScenarioLink link : links) {
            for (Direction direction : Direction.values()) {
                RateModel rate = link.config().direction(direction).rate();
                if (rate instanceof RateModel.TraceRate) {
                    swaps.add(new TimelineEvent(Duration.ZERO, link.name(), new LinkAction.SetRate(direction, rate)));
                }
            }
        }
        return swaps;
    }
}
