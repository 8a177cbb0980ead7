package io.quicroam.simulator.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.Link;
import io.quicroam.simulator.link.LinkConfig;
import io.quicroam.simulator.link.MahimahiTrace;
import io.quicroam.simulator.link.RateModel;
import io.quicroam.simulator.scenario.ScenarioLink;
import io.quicroam.simulator.scenario.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * On the times passed in: a trace-driven link is created when the run is set up, seconds before scenario time 0, and
 * its trace must still start at scenario time 0 (the LTE trace's stalls land where the scenario's author saw them).
 */
class TraceStartTest {
    private static final long MS = 1_000_000L;

    /** One delivery opportunity a millisecond for the first second, then a 3 s stall; the trace loops every 4 s. */
    private static final MahimahiTrace FAST_THEN_STALL = MahimahiTrace.of(
            "fast-then-stall",
            LongStream.concat(LongStream.rangeClosed(1, 1_000), LongStream.of(4_000))
                    .toArray());

    private static final ScenarioLink LTE = new ScenarioLink(
            "lte",
            InterfaceClass.CELLULAR,
            LinkConfig.symmetric("lte", DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(FAST_THEN_STALL))),
            false);

    @Test
    void theTracesFirstLineAppliesAtScenarioTimeZeroWhateverTheSetUpTook() {
        // Set-up times measured on this machine under load: 5.0, 5.5 and 9.1 s.
        for (long setUpMillis : new long[] {5_000, 5_500, 9_100}) {
            assertThat(departuresFromScenarioStart(setUpMillis * MS))
                    .as("uplink departures (ms of scenario time) after a %d ms set-up", setUpMillis)
                    .containsExactly(1L, 11L, 21L, 31L, 41L);
        }
    }

    /** Five 1200-byte packets, one every 10 ms from scenario time 0; when each left, in ms of scenario time. */
    private static List<Long> departuresFromScenarioStart(long scenarioZeroNanos) {
        List<Long> departures = new ArrayList<>();
        Link link =
                new Link(LTE.config(), 1, 0, (direction, at, packet) -> departures.add((at - scenarioZeroNanos) / MS));
        for (TimelineEvent event : TraceStart.atScenarioStart(List.of(LTE))) {
            link.schedule(scenarioZeroNanos + event.at().toNanos(), event.action());
        }
        for (int i = 0; i < 5; i++) {
            link.offerUplink(new byte[1200], scenarioZeroNanos + i * 10 * MS);
        }
        link.advanceTo(scenarioZeroNanos + 10_000 * MS);
        return departures;
    }
}
