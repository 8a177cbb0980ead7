package io.quicroam.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.agent.TransportConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.simulator.link.DelayModel;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.FadeTarget;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkConfig;
import io.quicroam.simulator.link.LossModel;
import io.quicroam.simulator.link.MahimahiTrace;
import io.quicroam.simulator.link.QueueLimit;
import io.quicroam.simulator.link.RateModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
    private static final String LINKS = """
            links:
              - name: wifi
                class: wifi
                delay: 5ms
                jitter: 1ms
                rate: 50mbit
                queue: {packets: 200, bytes: 300000}
                downlink: {rate: 100mbit}
              - name: lte
                class: cellular
                delay: 30ms
                loss: {model: gilbert-elliott, p: 0.01, r: 0.5}
                uplink: {trace: up.trace}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Scenario load(String yaml) throws Exception {
        write("up.trace", "1\n1\n3\n7\n");
        return ScenarioLoader.load(write("test.yaml", yaml));
    }

    private ConfigException error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a ConfigException, got " + e, e);
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void readsLinksWithSharedAndPerDirectionSettings() throws Exception {
        Scenario scenario = load("duration: 20s\nseed: 7\n" + LINKS + "traffic: [{name: call, pps: 50, size: 200}]\n");

        assertThat(scenario.name()).isEqualTo("test");
        assertThat(scenario.seed()).isEqualTo(7);
        assertThat(scenario.duration()).isEqualTo(Duration.ofSeconds(20));
        ScenarioLink wifi = scenario.link("wifi").orElseThrow();
        assertThat(wifi.type()).isEqualTo(InterfaceClass.WIFI);
        DirectionConfig up = wifi.config().uplink();
        assertThat(up.rate()).isEqualTo(new RateModel.ConstantRate(50_000_000));
        assertThat(wifi.config().downlink().rate()).isEqualTo(new RateModel.ConstantRate(100_000_000));
        assertThat(up.delay()).isEqualTo(DelayModel.of(Duration.ofMillis(5), Duration.ofMillis(1)));
        assertThat(wifi.config().downlink().delay()).isEqualTo(up.delay());
        assertThat(up.queue()).isEqualTo(new QueueLimit(300_000, 200));
        assertThat(up.packetOverheadBytes())
                .as("the relay carries UDP payloads")
                .isEqualTo(28);

        ScenarioLink lte = scenario.link("lte").orElseThrow();
        assertThat(lte.type()).isEqualTo(InterfaceClass.CELLULAR);
        assertThat(lte.config().uplink().rate()).isInstanceOf(RateModel.TraceRate.class);
        assertThat(((RateModel.TraceRate) lte.config().uplink().rate()).trace().opportunities())
                .isEqualTo(4);
        assertThat(lte.config().downlink().rate()).isEqualTo(RateModel.UNLIMITED);
        assertThat(lte.config().uplink().loss()).isEqualTo(new LossModel.GilbertElliott(0.01, 0.5, 0, 1));
    }

    @Test
    void readsTimelineInTimeOrderTrafficAndBounds() throws Exception {
        Scenario scenario = load("duration: 30s\n" + LINKS + """
                timeline:
                  - {at: 14s, link: wifi, action: down}
                  - {at: 6s, link: wifi, action: fade, over: 8s, rate: 1mbit, loss: 0.3}
                  - {at: 20s, link: lte, action: nat-rebind, kind: address}
                  - {at: 22s, link: wifi, action: blackhole}
                  - {at: 24s, link: wifi, action: up}
                  - {at: 25s, link: lte, action: trace-swap, downlink: up.trace}
                traffic:
                  - {name: call, pps: 50, size: 200}
                  - {name: bulk, kind: bulk, window: 16, size: 1200, start: 2s, stop: 10s}
                expect:
                  bonded: {max_gap_ms: {call: 300}, lost: {call: 20, bulk: 100}, session_resets: 0, address_changes: 0}
                  reconnect: {lost: {call: 1000}}
                """);

        assertThat(scenario.timeline())
                .extracting(TimelineEvent::at)
                .containsExactly(
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(14),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(22),
                        Duration.ofSeconds(24),
                        Duration.ofSeconds(25));
        FadeTarget target = FadeTarget.rateAndLoss(1_000_000, 0.3);
        assertThat(scenario.timeline().get(0).action())
                .isEqualTo(new LinkAction.Fade(Duration.ofSeconds(8), target, target));
        assertThat(scenario.timeline().get(1).action()).isEqualTo(new LinkAction.Down());
        assertThat(scenario.timeline().get(2).action())
                .isEqualTo(new LinkAction.Rebind(LinkAction.Rebind.Kind.NEW_ADDRESS));
        assertThat(scenario.timeline().get(3).action()).isEqualTo(new LinkAction.Blackhole());
        assertThat(scenario.timeline().get(5).action())
                .isInstanceOfSatisfying(
                        LinkAction.SetRate.class,
                        swap -> assertThat(swap.direction()).isEqualTo(Direction.DOWNLINK));

        assertThat(scenario.flows())
                .containsExactly(
                        FlowSpec.cbr("call", 50, 200, Duration.ZERO, Duration.ofSeconds(30)),
                        FlowSpec.bulk("bulk", 1200, 16, Duration.ofSeconds(2), Duration.ofSeconds(10)));
        assertThat(scenario.expectation(Mode.BONDED))
                .isEqualTo(new Expectation(
                        Map.of("call", 300L),
                        Map.of("call", 20L, "bulk", 100L),
                        OptionalLong.of(0),
                        OptionalLong.of(0),
                        OptionalLong.empty()));
        assertThat(scenario.expectation(Mode.RECONNECT).maxLost()).containsEntry("call", 1000L);
        assertThat(scenario.expectation(Mode.MIGRATE)).isEqualTo(Expectation.NONE);
    }

    @Test
    void aTypoIsNamedWithFileLineKeyAndTheValidKeys() {
        ConfigException e = error("duration: 10s\n" + LINKS + "trafic: []\n");
        assertThat(e.file()).endsWith("test.yaml");
        assertThat(e.line()).isEqualTo(15);
        assertThat(e.key()).isEqualTo("trafic");
        assertThat(e.getMessage()).contains("did you mean 'traffic'");
    }

    @Test
    void aBadRateSaysWhatARateLooksLike() {
        ConfigException e = error("duration: 10s\n" + LINKS.replace("rate: 50mbit", "rate: fast")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.key()).isEqualTo("links[0].rate");
        assertThat(e.expected()).contains("20mbit");
        assertThat(e.getMessage()).contains("got 'fast'");
    }

    @Test
    void aMissingDurationIsRequired() {
        ConfigException e = error(LINKS + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("duration");
        assertThat(e.expected()).contains("required");
    }

    @Test
    void jitterLargerThanDelayIsRefusedAtTheJitter() {
        ConfigException e = error("duration: 10s\n" + LINKS.replace("jitter: 1ms", "jitter: 9ms")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.key()).isEqualTo("links[0].jitter");
        assertThat(e.expected()).contains("no larger than delay");
    }

    @Test
    void aTimelineEventOnAnUnknownLinkListsTheLinks() {
        ConfigException e = error("duration: 10s\n" + LINKS
                + "timeline: [{at: 2s, link: wlan0, action: down}]\ntraffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(15);
        assertThat(e.key()).isEqualTo("timeline[0].link");
        assertThat(e.expected()).contains("wifi, lte");
    }

    @Test
    void aTimelineEventAfterTheEndIsRefused() {
        ConfigException e = error("duration: 10s\n" + LINKS
                + "timeline: [{at: 12s, link: wifi, action: down}]\ntraffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("timeline[0].at");
        assertThat(e.expected()).contains("between 0ms and 10s");
    }

    @Test
    void anUnknownActionSuggestsTheClosest() {
        ConfigException e = error("duration: 10s\n" + LINKS
                + "timeline: [{at: 2s, link: wifi, action: blackhol}]\ntraffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("timeline[0].action");
        assertThat(e.getMessage()).contains("did you mean 'blackhole'");
    }

    @Test
    void aRateFadeOnATraceDrivenLinkIsRefused() {
        ConfigException e = error("duration: 10s\n" + LINKS
                + "timeline:\n  - {at: 2s, link: lte, action: fade, over: 2s, rate: 1mbit}\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(16);
        assertThat(e.key()).isEqualTo("timeline[0].rate");
        assertThat(e.expected()).contains("constant 'rate'");
    }

    @Test
    void aFadeNeedsATarget() {
        ConfigException e = error(
                "duration: 10s\n" + LINKS
                        + "timeline: [{at: 2s, link: wifi, action: fade, over: 2s}]\ntraffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("timeline[0].rate");
        assertThat(e.expected()).contains("'rate' and/or 'loss'");
    }

    @Test
    void aMissingTraceFileIsNamed() {
        ConfigException e = error("duration: 10s\n" + LINKS.replace("up.trace", "nowhere.gz")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.key()).isEqualTo("links[1].uplink.trace");
        assertThat(e.getMessage()).contains("nowhere.gz").contains("no such file");
    }

    @Test
    void aMalformedTraceIsReportedWithItsLine() throws Exception {
        write("bad.trace", "1\n5\n3\n");
        ConfigException e = error("duration: 10s\n" + LINKS.replace("up.trace", "bad.trace")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("links[1].uplink.trace");
        assertThat(e.getMessage()).contains("bad.trace:3: timestamps must not decrease");
    }

    @Test
    void aSyntheticTraceIsDrawnPerDirectionFromItsSeed() throws Exception {
        String yaml = "duration: 10s\n"
                + LINKS.replace("uplink: {trace: up.trace}", "trace: {synthetic: lte-drive, seed: 5}")
                + "traffic: [{name: call, pps: 50, size: 200}]\n";
        LinkConfig lte = load(yaml).links().get(1).config();
        LinkConfig again = load(yaml).links().get(1).config();

        MahimahiTrace up = ((RateModel.TraceRate) lte.uplink().rate()).trace();
        MahimahiTrace down = ((RateModel.TraceRate) lte.downlink().rate()).trace();
        assertThat(up.source()).isEqualTo("lte-drive uplink seed 5");
        assertThat(up.periodMillis()).isEqualTo(TraceReader.DEFAULT_LENGTH.toMillis());
        // Each direction has its own profile: the downlink carries more than twice the uplink's rate.
        assertThat(down.meanRateBitsPerSecond()).isGreaterThan(1.8 * up.meanRateBitsPerSecond());
        MahimahiTrace upAgain = ((RateModel.TraceRate) again.uplink().rate()).trace();
        assertThat(upAgain.opportunities()).isEqualTo(up.opportunities());
        assertThat(upAgain.offsetMillis(up.opportunities() / 2)).isEqualTo(up.offsetMillis(up.opportunities() / 2));
    }

    @Test
    void anUnknownSyntheticTraceListsTheKnownOnes() {
        ConfigException e = error("duration: 10s\n"
                + LINKS.replace("uplink: {trace: up.trace}", "uplink: {trace: {synthetic: lte-drvie, seed: 5}}")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.key()).isEqualTo("links[1].uplink.trace.synthetic");
        assertThat(e.expected()).contains("one of lte-drive");
    }

    @Test
    void aTypoInASyntheticTraceIsNamed() {
        ConfigException e = error("duration: 10s\n"
                + LINKS.replace("uplink: {trace: up.trace}", "uplink: {trace: {synthetic: lte-drive, sed: 5}}")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("links[1].uplink.trace.sed");
        assertThat(e.getMessage()).contains("did you mean 'seed'");
    }

    @Test
    void rateAndTraceTogetherAreRefused() {
        ConfigException e = error(
                "duration: 10s\n" + LINKS.replace("uplink: {trace: up.trace}", "uplink: {trace: up.trace, rate: 1mbit}")
                        + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("links[1].uplink.trace");
        assertThat(e.expected()).contains("not both");
    }

    @Test
    void anUnknownLossModelListsTheModels() {
        ConfigException e = error("duration: 10s\n" + LINKS.replace("model: gilbert-elliott", "model: burst")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("links[1].loss.model");
        assertThat(e.expected()).isEqualTo("one of bernoulli, gilbert-elliott");
    }

    @Test
    void aFlowSizeOutsideTheTunnelIsRefused() {
        ConfigException e = error("duration: 10s\n" + LINKS + "traffic: [{name: call, pps: 50, size: 1400}]\n");
        assertThat(e.key()).isEqualTo("traffic[0].size");
        assertThat(e.expected()).isEqualTo("an integer between 24 and 1252");
    }

    @Test
    void aBulkFlowNeedsAWindow() {
        ConfigException e = error("duration: 10s\n" + LINKS + "traffic: [{name: bulk, kind: bulk, size: 1000}]\n");
        assertThat(e.key()).isEqualTo("traffic[0].window");
    }

    @Test
    void boundsMustNameAStrategyAndAFlow() {
        ConfigException strategy = error("duration: 10s\n" + LINKS + "traffic: [{name: call, pps: 50, size: 200}]\n"
                + "expect: {bonding: {lost: {call: 1}}}\n");
        assertThat(strategy.line()).isEqualTo(16);
        assertThat(strategy.key()).isEqualTo("expect.bonding");
        assertThat(strategy.expected()).contains("bonded, migrate or reconnect");

        ConfigException flow = error("duration: 10s\n" + LINKS + "traffic: [{name: call, pps: 50, size: 200}]\n"
                + "expect: {bonded: {max_gap_ms: {video: 300}}}\n");
        assertThat(flow.key()).isEqualTo("expect.bonded.max_gap_ms.video");
        assertThat(flow.expected()).contains("one of call");
    }

    @Test
    void duplicateLinkNamesAreRefused() {
        ConfigException e = error("duration: 10s\n" + LINKS.replace("name: lte", "name: wifi")
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.key()).isEqualTo("links[1].name");
        assertThat(e.expected()).contains("no other link");
    }

    @Test
    void udpBlockingReadsFromTheLinkAndTheTimelineAndTheAgentsTransportFromAgent() throws Exception {
        Scenario scenario = load("duration: 20s\n"
                + LINKS.replace("    class: wifi\n", "    class: wifi\n    block-udp: true\n")
                + "timeline:\n  - {at: 5s, link: lte, action: block-udp}\n"
                + "  - {at: 9s, link: lte, action: unblock-udp}\n"
                + "agent: {transport: auto, http2-after: 2s}\n"
                + "strategies: [bonded, migrate]\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");

        assertThat(scenario.link("wifi").orElseThrow().udpBlocked()).isTrue();
        assertThat(scenario.link("lte").orElseThrow().udpBlocked()).isFalse();
        assertThat(scenario.timeline())
                .extracting(TimelineEvent::action)
                .containsExactly(new LinkAction.BlockUdp(true), new LinkAction.BlockUdp(false));
        assertThat(scenario.transports(Mode.BONDED))
                .isEqualTo(new TransportConfig(TransportConfig.Transport.AUTO, Duration.ofSeconds(2), Map.of()));
        assertThat(scenario.transports(Mode.MIGRATE))
                .as("the stock-proxy strategies speak QUIC only")
                .isEqualTo(TransportConfig.DEFAULT);
        assertThat(scenario.strategies()).containsExactly(Mode.BONDED, Mode.MIGRATE);
        assertThat(TimelineYaml.write(scenario.timeline())).contains("action: block-udp}", "action: unblock-udp}");
    }

    @Test
    void withoutAgentOrStrategiesEveryStrategyRunsOverQuic() throws Exception {
        Scenario scenario = load("duration: 20s\n" + LINKS + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(scenario.transports(Mode.BONDED)).isEqualTo(TransportConfig.DEFAULT);
        assertThat(scenario.strategies()).containsExactly(Mode.values());
        assertThat(scenario.links()).noneMatch(ScenarioLink::udpBlocked);
    }

    @Test
    void aBadAgentTransportIsLocated() {
        ConfigException e = error("duration: 10s\n" + LINKS + "agent: {transport: udp}\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(15);
        assertThat(e.key()).isEqualTo("agent.transport");
        assertThat(e.getMessage()).contains("got 'udp'");
    }

    @Test
    void aTransportForAnUnknownLinkListsTheLinks() {
        ConfigException e = error("duration: 10s\n" + LINKS + "agent:\n  transport-by-interface: {wlan0: http2}\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(e.line()).isEqualTo(16);
        assertThat(e.key()).isEqualTo("agent.transport-by-interface.wlan0");
        assertThat(e.expected()).contains("wifi, lte");
    }

    @Test
    void anUnknownStrategyAndAnUnknownAgentKeyAreRefused() {
        ConfigException strategy = error("duration: 10s\n" + LINKS + "strategies: [bonded, teleport]\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(strategy.key()).startsWith("strategies");
        assertThat(strategy.getMessage()).contains("teleport");
        ConfigException key = error("duration: 10s\n" + LINKS + "agent: {mode: bonded}\n"
                + "traffic: [{name: call, pps: 50, size: 200}]\n");
        assertThat(key.key()).isEqualTo("agent.mode");
        assertThat(key.getMessage()).contains("valid keys: http2-after, transport, transport-by-interface");
    }

    @Test
    void bitRatesFollowTcSpelling() {
        assertThat(BitRates.parse("20mbit")).hasValue(20_000_000);
        assertThat(BitRates.parse("1.5Mbit")).hasValue(1_500_000);
        assertThat(BitRates.parse("512kbit")).hasValue(512_000);
        assertThat(BitRates.parse("1gbit")).hasValue(1_000_000_000);
        assertThat(BitRates.parse("800bit")).hasValue(800);
        assertThat(BitRates.parse("0.5bit")).isEmpty();
        assertThat(BitRates.parse("20")).isEmpty();
        assertThat(BitRates.parse("20mbps")).isEmpty();
    }

    @Test
    void aNameFindsTheShippedFileAndAnUnknownNameListsTheKnownOnes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(folder.resolve("flapping.yaml"), "duration: 1s\n");
        Files.writeString(folder.resolve("nat-rebind.yaml"), "duration: 1s\n");
        ScenarioCatalog catalog = new ScenarioCatalog(java.util.List.of(dir.resolve("missing"), folder));

        assertThat(catalog.resolve("flapping")).isEqualTo(folder.resolve("flapping.yaml"));
        assertThat(catalog.resolve(folder.resolve("nat-rebind.yaml").toString()))
                .isEqualTo(folder.resolve("nat-rebind.yaml"));
        assertThatThrownBy(() -> catalog.resolve("flappy"))
                .isInstanceOf(ScenarioCatalog.NotFound.class)
                .hasMessageContaining("known: flapping, nat-rebind");
    }
}
