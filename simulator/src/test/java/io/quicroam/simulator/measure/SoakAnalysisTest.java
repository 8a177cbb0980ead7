package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.scenario.TimelineEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The long-run verdict: gaps while a link worked, their carrier's bound, path downtime, flat resources. */
class SoakAnalysisTest {
    private static final List<String> LINKS = List.of("wifi", "lte");

    private static TimelineEvent at(long millis, String link, LinkAction action) {
        return new TimelineEvent(Duration.ofMillis(millis), link, action);
    }

    /** Wi-Fi out 10-15 s, LTE out 14-20 s: both out 14-15 s. */
    private static final Outages OUTAGES = Outages.of(
            List.of(
                    at(10_000, "wifi", new LinkAction.Blackhole()),
                    at(14_000, "lte", new LinkAction.Down()),
                    at(15_000, "wifi", new LinkAction.Up()),
                    at(20_000, "lte", new LinkAction.Up())),
            LINKS,
            30_000);

    private static FlowResult flow(Gap... gaps) {
        LatencySummary none = LatencySummary.EMPTY;
        return new FlowResult("call", 100, 100, 0, 0, 0, none, none, none, gaps[0], List.of(gaps), 0, List.of());
    }

    /** Wi-Fi carries (and is fine) until 10 s, LTE from then on; samples every 100 ms. */
    private static List<PathResult> paths(String wifiStateFrom12s) {
        List<PathSample> wifi = new ArrayList<>();
        List<PathSample> lte = new ArrayList<>();
        for (long t = 0; t <= 30_000; t += 100) {
            boolean wifiCarries = t < 10_000;
            wifi.add(new PathSample(
                    t, wifiCarries ? 1e5 : 0, 0, t >= 12_000 ? wifiStateFrom12s : "active-capable", 5, "up"));
            lte.add(new PathSample(t, wifiCarries ? 0 : 1e5, 0, "active-capable", 30, "up"));
        }
        return List.of(
                new PathResult("wifi", "wifi", 0, 0, 0, 0, wifi), new PathResult("lte", "cellular", 0, 0, 0, 0, lte));
    }

    private static StrategyResult run(List<PathResult> paths, Gap... gaps) {
        return new StrategyResult(
                Mode.BONDED,
                null,
                List.of(flow(gaps)),
                List.of(),
                0,
                0,
                paths,
                List.of(new LinkEvent(10_000, "wifi", "blackhole"), new LinkEvent(14_000, "lte", "down")),
                0,
                List.of(),
                List.of(),
                Optional.empty());
    }

    private static List<ResourceSample> flat(int count) {
        List<ResourceSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new ResourceSample(i * 1000L, 20L << 20, 30, 40, 5));
        }
        return samples;
    }

    @Test
    void timeWhenEveryLinkWasOutDoesNotCountAndTheCarrierSetsTheBound() {
        SoakResult soak = SoakAnalysis.analyze(
                run(paths("active-capable"), new Gap(12_500, 3_000), new Gap(5_000, 1_200)),
                OUTAGES,
                flat(10),
                SoakCriteria.DEFAULT);

        SoakGap both = soak.gaps().get(0);
        assertThat(both.whileALinkWorkedMillis())
                .as("3 s less the second both links were out")
                .isEqualTo(2_000);
        assertThat(both.carrier()).isEqualTo("lte");
        assertThat(both.boundMillis()).isEqualTo(SoakCriteria.DEFAULT.maxGapOnAMeteredLinkMillis());
        assertThat(both.around()).extracting(LinkEvent::action).containsExactly("blackhole", "down");
        assertThat(soak.gaps().get(1).carrier()).isEqualTo("wifi");
        assertThat(soak.failed()).isEmpty();
    }

    @Test
    void aGapLongerThanItsBoundWhileALinkWorkedFails() {
        SoakResult soak = SoakAnalysis.analyze(
                run(paths("active-capable"), new Gap(5_000, 1_400)), OUTAGES, flat(10), SoakCriteria.DEFAULT);

        assertThat(soak.failed()).singleElement().asString().startsWith("gap_while_a_link_works.call: 1400 ms");
    }

    @Test
    void aPathFailedWhileItsLinkWasFineIsCountedButNotWhileItsLinkWasOut() {
        SoakResult soak =
                SoakAnalysis.analyze(run(paths("failed"), new Gap(0, 100)), OUTAGES, flat(10), SoakCriteria.DEFAULT);

        // Wi-Fi is FAILED from 12 s to the end (30 s); its link was out until 15 s: 15 s of it counts.
        assertThat(soak.downtime().get(0).failedWhileLinkFineMillis()).isEqualTo(15_000);
        assertThat(soak.downtime().get(1).failedWhileLinkFineMillis()).isZero();
    }

    @Test
    void growingThreadsOrDescriptorsFail() {
        List<ResourceSample> growing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            growing.add(new ResourceSample(i * 1000L, 20L << 20, 30 + i, 40 + 2L * i, 5));
        }

        SoakResult soak = SoakAnalysis.analyze(
                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, growing, SoakCriteria.DEFAULT);

        assertThat(soak.failed())
                .anyMatch(f -> f.startsWith("threads: grew by"))
                .anyMatch(f -> f.startsWith("open_fds_outside_emulator: grew by"));
        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, flat(30), SoakCriteria.DEFAULT)
                        .failed())
                .isEmpty();
    }

    @Test
    void heapIsJudgedByTheFullCollectionsBeforeAndAfterTheRunNotByYoungOnes() {
        List<ResourceSample> climbing = new ArrayList<>();
        climbing.add(new ResourceSample(0, 18L << 20, 30, 40, 5, true, 0));
        for (int i = 1; i < 30; i++) {
            climbing.add(new ResourceSample(i * 1000L, (18L + 2 * i) << 20, 30, 40, 5)); // old gen not yet collected
        }
        climbing.add(new ResourceSample(30_000, (18L << 20) + (100 << 10), 30, 40, 5, true, 0));

        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, climbing, SoakCriteria.DEFAULT)
                        .failed())
                .isEmpty();

        climbing.set(climbing.size() - 1, new ResourceSample(30_000, 60L << 20, 30, 40, 5, true, 0));
        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, climbing, SoakCriteria.DEFAULT)
                        .failed())
                .singleElement()
                .asString()
                .startsWith("heap_after_full_gc_without_records");
    }

    @Test
    void heapLessTheSimulatorsRecordsMustStayFlatFromTheWarmPoint() {
        List<ResourceSample> run = new ArrayList<>();
        run.add(new ResourceSample(0, 18L << 20, 30, 40, 5, true, 1L << 20));
        run.add(new ResourceSample(120_000, 24L << 20, 30, 40, 5, true, 2L << 20)); // settled: 22 MB
        run.add(new ResourceSample(600_000, 40L << 20, 30, 40, 5, true, 18L << 20)); // records grew, nothing else

        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, run, SoakCriteria.DEFAULT)
                        .failed())
                .as("the records' growth is theirs")
                .isEmpty();
        assertThat(HeapTrend.of(run).orElseThrow().warmToEndBytes()).isZero();

        // 8 minutes at 64 KB a minute plus 256 KB of noise allowed: 2 MB more than the records is a leak
        run.set(2, new ResourceSample(600_000, 42L << 20, 30, 40, 5, true, 18L << 20));
        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, run, SoakCriteria.DEFAULT)
                        .failed())
                .singleElement()
                .asString()
                .startsWith("heap_after_full_gc_without_records: grew by 2097152 in 8.0 min");
    }

    @Test
    void theEmulatorsOwnSocketsMayGrowWithItsNatRebinds() {
        List<ResourceSample> rebinding = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rebinding.add(new ResourceSample(i * 1000L, 20L << 20, 30, 40 + 2L * i, 5 + 2L * i));
        }

        assertThat(SoakAnalysis.analyze(
                                run(paths("active-capable"), new Gap(0, 100)), OUTAGES, rebinding, SoakCriteria.DEFAULT)
                        .failed())
                .isEmpty();
    }
}
