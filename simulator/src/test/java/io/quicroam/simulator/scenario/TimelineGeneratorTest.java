package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.measure.Outages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-run timeline generator: from the seed, the requested kinds, never both links out unless allowed. */
class TimelineGeneratorTest {
    private static final String SCENARIO = """
            name: gen
            duration: 10m
            seed: 21
            links:
              - {name: wifi, class: wifi, delay: 4ms}
              - {name: lte, class: cellular, delay: 28ms}
            generate:
              every: 5s
              kinds: [%s]
              both-links: %s
            traffic:
              - {name: call, pps: 50, size: 200}
            """;

    @TempDir
    Path dir;

    private Scenario load(String kinds, boolean bothLinks) throws Exception {
        return ScenarioLoader.load(Files.writeString(
                dir.resolve("gen.yaml"), String.format(SCENARIO, kinds, bothLinks), StandardCharsets.UTF_8));
    }

    private static Outages outages(Scenario scenario, List<TimelineEvent> events) {
        return Outages.of(events, List.of("wifi", "lte"), scenario.duration().toMillis());
    }

    @Test
    void theSameSeedGivesTheSameTimelineAndAnotherSeedAnother() throws Exception {
        Scenario scenario = load("down, blackhole, nat-rebind, fade", false);

        assertThat(scenario.events()).isEqualTo(scenario.events());
        assertThat(scenario.withSeed(22).events()).isNotEqualTo(scenario.events());
        assertThat(scenario.timeline()).as("nothing written").isEmpty();
    }

    @Test
    void aboutOneEventEveryFiveSecondsOfEveryKindBetweenTheQuietEnds() throws Exception {
        Scenario scenario = load("down, blackhole, nat-rebind, fade", false);
        List<TimelineEvent> events = scenario.events();

        long starts = events.stream()
                .filter(e -> !(e.action() instanceof LinkAction.Up)
                        && !(e.action() instanceof LinkAction.Fade f
                                && f.uplink().lossProbability().orElse(0) == 0))
                .count();
        assertThat(starts)
                .as("events in 10 minutes, one drawn every ~5 s, some skipped")
                .isBetween(50L, 120L);
        assertThat(events)
                .extracting(e -> e.action().getClass().getSimpleName())
                .contains("Down", "Blackhole", "Rebind", "Fade", "Up");
        assertThat(events.get(0).at()).isGreaterThanOrEqualTo(TimelineGenerator.QUIET_START);
        assertThat(events.get(events.size() - 1).at())
                .isLessThanOrEqualTo(scenario.duration().minus(TimelineGenerator.QUIET_END));
    }

    @Test
    void withoutBothLinksALinkAlwaysWorks() throws Exception {
        Scenario scenario = load("down, blackhole, fade", false);
        Outages outages = outages(scenario, scenario.events());

        assertThat(outages.allOutMillis(0, scenario.duration().toMillis())).isZero();
    }

    @Test
    void withBothLinksTheyMayFailTogether() throws Exception {
        Scenario scenario = load("down, blackhole", true);
        Outages outages = outages(scenario, scenario.events());

        assertThat(outages.allOutMillis(0, scenario.duration().toMillis())).isPositive();
    }

    @Test
    void onlyTheKindsAskedFor() throws Exception {
        assertThat(load("nat-rebind", false).events())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.action()).isInstanceOf(LinkAction.Rebind.class));
    }

    @Test
    void aGeneratedTimelineWrittenAsYamlReadsBackTheSame() throws Exception {
        Scenario scenario = load("down, blackhole, nat-rebind, fade", false);
        String fixed = String.format(SCENARIO, "down", false)
                .replaceAll("(?s)generate:.*?traffic:", TimelineYaml.write(scenario.events()) + "traffic:");

        Scenario reread = ScenarioLoader.load(Files.writeString(dir.resolve("fixed.yaml"), fixed));

        assertThat(reread.events()).isEqualTo(scenario.events());
    }

    @Test
    void anUnknownKindIsNamed() {
        assertThatThrownBy(() -> load("down, earthquake", false))
                .hasMessageContaining("kinds")
                .hasMessageContaining("earthquake");
    }

    @Test
    void durationsComeFromTheSpec() throws Exception {
        Scenario scenario = load("blackhole", false);
        List<TimelineEvent> events = scenario.events();
        for (int i = 0; i + 1 < events.size(); i += 2) {
            Duration lasted = events.get(i + 1).at().minus(events.get(i).at());
            assertThat(lasted).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
        }
    }

    @Test
    void anOutageBlackholesEveryLinkAtOnceAndOnlyFromSettledLinks() throws Exception {
        Scenario scenario = load("outage, down", false);
        List<TimelineEvent> events = scenario.events();
        Outages outages = outages(scenario, events);

        List<TimelineEvent> blackholes = events.stream()
                .filter(e -> e.action() instanceof LinkAction.Blackhole)
                .toList();
        assertThat(blackholes).as("outages drawn").hasSizeGreaterThan(10);
        for (TimelineEvent b : blackholes) {
            assertThat(blackholes.stream()
                            .anyMatch(o -> o.at().equals(b.at()) && !o.link().equals(b.link())))
                    .as("the other link goes at the same moment")
                    .isTrue();
            double at = b.at().toMillis();
            assertThat(outages.allOutMillis(at, at + 2000))
                    .as("2-4 s, both out")
                    .isEqualTo(2000);
            assertThat(outages.allOutMillis(at - TimelineGenerator.SETTLE.toMillis(), at))
                    .as("every link free for a second before")
                    .isZero();
        }
    }

    @Test
    void aLongerRunDrawsItsTimelineForTheWholeDurationAndFlowsRunToTheEnd() throws Exception {
        Scenario scenario = load("down, blackhole, nat-rebind, fade, outage", false);
        Scenario hour = scenario.withDuration(Duration.ofHours(1));

        assertThat(hour.events().get(hour.events().size() - 1).at()).isGreaterThan(Duration.ofMinutes(55));
        assertThat(hour.events().subList(0, 10)).isEqualTo(scenario.events().subList(0, 10));
        assertThat(hour.flows()).allSatisfy(f -> assertThat(f.stop()).isEqualTo(Duration.ofHours(1)));
        assertThatThrownBy(() -> scenario.withDuration(Duration.ofHours(2))).hasMessageContaining("1h");
    }
}
