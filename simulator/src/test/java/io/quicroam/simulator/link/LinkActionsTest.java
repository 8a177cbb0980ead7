package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static io.quicroam.simulator.link.Time.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkActionsTest {
    private static final DirectionConfig TWENTY_MS =
            DirectionConfig.IDEAL.withDelay(DelayModel.of(Duration.ofMillis(20)));

    private final Recorder recorder = new Recorder();
    private final List<InterfaceEvent> events = new ArrayList<>();

    private Link link(DirectionConfig both) {
        Link link = new Link(LinkConfig.symmetric("wifi", both), 42, 0, recorder);
        link.addListener(new LinkListener() {
            @Override
            public void onInterfaceEvent(InterfaceEvent event) {
                events.add(event);
            }
        });
        return link;
    }

    private List<Integer> delivered(Direction direction) {
        return recorder.where(d -> d.direction() == direction).stream()
                .map(Recorder.Delivery::sequence)
                .toList();
    }

    @Test
    void downDropsEverythingAndTellsTheHostUpRestores() {
        Link link = link(TWENTY_MS);
        link.offerUplink(numbered(1, 100), ms(0)); // delivered at 20 ms
        link.offerUplink(numbered(2, 100), ms(90)); // would arrive at 110 ms: in flight when the link goes down
        link.schedule(ms(100), LinkAction.down());
        link.schedule(ms(200), LinkAction.up());
        link.offerUplink(numbered(3, 100), ms(150)); // arrives while down
        link.offerDownlink(numbered(4, 100), ms(150), 0);
        link.offerUplink(numbered(5, 100), ms(200)); // the link is back at exactly 200 ms
        link.advanceTo(s(1));

        assertThat(delivered(Direction.UPLINK)).containsExactly(1, 5);
        assertThat(delivered(Direction.DOWNLINK)).isEmpty();
        assertThat(link.stats().uplink().dropped(LinkDropReason.DOWN)).isEqualTo(2);
        assertThat(link.stats().downlink().dropped(LinkDropReason.DOWN)).isEqualTo(1);
        assertThat(events)
                .containsExactly(new InterfaceEvent("wifi", false, ms(100)), new InterfaceEvent("wifi", true, ms(200)));
        assertThat(link.history())
                .extracting(AppliedAction::atNanos, AppliedAction::action)
                .containsExactly(tuple(ms(100), LinkAction.down()), tuple(ms(200), LinkAction.up()));
    }

    @Test
    void blockUdpDropsWhatArrivesBothWaysUntilUnblockedAndCountsIt() {
        Link link = link(TWENTY_MS);
        link.offerUplink(numbered(1, 100), ms(0)); // in flight when the firewall starts: it passed the firewall
        link.apply(new LinkAction.BlockUdp(true), ms(10));
        link.offerUplink(numbered(2, 100), ms(20));
        link.offerDownlink(numbered(3, 100), ms(20), 0);
        link.apply(new LinkAction.BlockUdp(false), ms(30));
        link.offerUplink(numbered(4, 100), ms(40));
        link.offerDownlink(numbered(5, 100), ms(40), 0);
        link.advanceTo(s(1));

        assertThat(delivered(Direction.UPLINK)).containsExactly(1, 4);
        assertThat(delivered(Direction.DOWNLINK)).containsExactly(5);
        assertThat(link.stats().uplink().dropped(LinkDropReason.UDP_BLOCKED)).isEqualTo(1);
        assertThat(link.stats().downlink().dropped(LinkDropReason.UDP_BLOCKED)).isEqualTo(1);
        assertThat(link.udpBlocked()).isFalse();
        assertThat(events).as("the interface looks fine").isEmpty();
    }

    @Test
    void blackholeDropsEverythingSilently() {
        Link link = link(TWENTY_MS);
        link.offerUplink(numbered(1, 100), ms(0));
        link.apply(LinkAction.blackhole(), ms(10)); // #1 is propagating: lost
        link.offerUplink(numbered(2, 100), ms(50));
        link.offerDownlink(numbered(3, 100), ms(50), 0);
        link.apply(LinkAction.up(), ms(60));
        link.offerUplink(numbered(4, 100), ms(70));
        link.advanceTo(s(1));

        assertThat(delivered(Direction.UPLINK)).containsExactly(4);
        assertThat(link.stats().uplink().dropped(LinkDropReason.BLACKHOLE)).isEqualTo(2);
        assertThat(link.stats().downlink().dropped(LinkDropReason.BLACKHOLE)).isEqualTo(1);
        assertThat(events).as("a blackhole raises no interface event").isEmpty();
    }

    @Test
    void onlyCrossingDownRaisesInterfaceEvents() {
        Link link = link(DirectionConfig.IDEAL);
        link.apply(LinkAction.blackhole(), ms(1));
        link.apply(LinkAction.down(), ms(2));
        link.apply(LinkAction.down(), ms(3));
        link.apply(LinkAction.blackhole(), ms(4));
        link.apply(LinkAction.up(), ms(5));

        assertThat(events)
                .extracting(InterfaceEvent::present, InterfaceEvent::atNanos)
                .containsExactly(tuple(false, ms(2)), tuple(true, ms(4)));
    }

    @Test
    void natRebindDropsWhatIsSentToTheOldBinding() {
        Link link = link(DirectionConfig.IDEAL);
        link.offerDownlink(numbered(1, 100), ms(1), 0);
        link.apply(LinkAction.rebindPort(), ms(2));
        link.offerDownlink(numbered(2, 100), ms(3), 0);
        link.offerDownlink(numbered(3, 100), ms(3), 1);
        link.offerUplink(numbered(4, 100), ms(3));

        assertThat(link.binding()).isEqualTo(1);
        assertThat(delivered(Direction.DOWNLINK)).containsExactly(1, 3);
        assertThat(delivered(Direction.UPLINK)).containsExactly(4);
        assertThat(link.stats().downlink().dropped(LinkDropReason.STALE_BINDING))
                .isEqualTo(1);
        assertThat(link.stats().downlink().offeredPackets()).isEqualTo(3);
        assertThat(events).as("a NAT rebind raises no interface event").isEmpty();
    }

    @Test
    void rateFadeRampsLinearlyToItsTarget() {
        Link link = link(DirectionConfig.IDEAL
                .withRate(new RateModel.ConstantRate(10_000_000))
                .withQueue(QueueLimit.packets(20)));
        link.schedule(s(1), LinkAction.fade(Duration.ofSeconds(4), FadeTarget.rate(2_000_000)));
        for (long t = 0; t < s(7); t += ms(0.5)) {
            link.offerUplink(numbered(0, 1250), t); // 20 Mbit/s: always saturated
        }
        link.advanceTo(s(7));

        double[] expectedMbps = {10, 9, 7, 5, 3, 2, 2}; // each second's mean rate: the ramp at mid-second
        for (int second = 0; second < expectedMbps.length; second++) {
            double mbps = recorder.bytesBetween(s(second), s(second + 1)) * 8 / 1e6;
            assertThat(mbps)
                    .as("second %d", second)
                    .isCloseTo(expectedMbps[second], within(0.02 * expectedMbps[second] + 0.01));
        }
    }

    @Test
    void lossFadeRampsLinearlyToItsTarget() {
        Link link = link(DirectionConfig.IDEAL.withLoss(new LossModel.Bernoulli(0.1)));
        link.apply(LinkAction.fade(Duration.ofSeconds(4), FadeTarget.loss(0.5)), 0);
        int perSecond = 20_000;
        for (int i = 0; i < 5 * perSecond; i++) {
            link.offerUplink(numbered(i, 64), s(i / (double) perSecond));
        }

        double[] expectedLoss = {0.15, 0.25, 0.35, 0.45, 0.5};
        for (int second = 0; second < expectedLoss.length; second++) {
            double delivered = recorder.bytesBetween(s(second) - 1, s(second + 1) - 1) / 64.0;
            assertThat(1 - delivered / perSecond)
                    .as("second %d", second)
                    .isCloseTo(expectedLoss[second], within(0.015));
        }
        assertThat(link.direction(Direction.UPLINK).currentLoss()).isEqualTo(0.5);
    }

    @Test
    void aZeroDurationFadeSetsAtOnceAndAZeroRateStallsTheLink() {
        Link link = link(DirectionConfig.IDEAL.withRate(new RateModel.ConstantRate(12_000_000)));
        link.apply(LinkAction.fade(Duration.ZERO, FadeTarget.rate(0)), 0);
        link.offerUplink(numbered(1, 1500), ms(1));
        link.advanceTo(s(5));
        assertThat(recorder.deliveries).isEmpty();

        link.apply(LinkAction.fade(Duration.ZERO, FadeTarget.rate(12_000_000)), s(5));
        link.advanceTo(s(6));
        assertThat(recorder.deliveries).extracting(Recorder.Delivery::atNanos).containsExactly(s(5) + ms(1));
    }

    @Test
    void traceSwapStartsTheNewTraceNow() throws IOException {
        Link link = link(DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(MahimahiTraceTest.trace("1\n"))));
        link.apply(LinkAction.swapTrace(Direction.UPLINK, MahimahiTraceTest.trace("10\n")), ms(3.5));
        link.offerUplink(numbered(1, 1500), ms(4));
        link.offerDownlink(numbered(2, 1500), ms(4), 0);
        link.advanceTo(s(1));

        assertThat(recorder.deliveries)
                .extracting(Recorder.Delivery::direction, Recorder.Delivery::atNanos)
                .containsExactlyInAnyOrder(tuple(Direction.DOWNLINK, ms(5)), tuple(Direction.UPLINK, ms(13.5)));
    }

    @Test
    void aRateFadeOnATraceLinkIsRefusedAndChangesNothing() throws IOException {
        DirectionConfig constant = DirectionConfig.IDEAL.withRate(new RateModel.ConstantRate(1000));
        DirectionConfig trace = DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(MahimahiTraceTest.trace("1\n")));
        Link link = new Link(new LinkConfig("lte", constant, trace), 1, 0, recorder);

        assertThatThrownBy(() ->
                        link.apply(LinkAction.fade(Duration.ofSeconds(1), FadeTarget.rateAndLoss(10, 0.5)), ms(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("link lte")
                .hasMessageContaining("constant-rate");
        assertThat(link.direction(Direction.UPLINK).currentLoss()).isZero();
        assertThat(link.history()).isEmpty();
    }

    @Test
    void timeNeverGoesBackwards() {
        Link link = link(DirectionConfig.IDEAL);
        link.advanceTo(ms(10));

        assertThatThrownBy(() -> link.offerUplink(numbered(1, 10), ms(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> link.schedule(ms(9), LinkAction.up()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past");
    }
}
