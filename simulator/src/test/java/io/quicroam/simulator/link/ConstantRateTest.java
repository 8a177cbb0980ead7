package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static io.quicroam.simulator.link.Time.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConstantRateTest {
    private final Recorder recorder = new Recorder();

    private LinkDirection direction(DirectionConfig config) {
        return new LinkDirection(config, 1, 0, recorder);
    }

    @Test
    void saturatedTenMegabitLinkDeliversTenMegabitsPerSecondWithinOnePercent() {
        LinkDirection link = direction(DirectionConfig.IDEAL
                .withRate(new RateModel.ConstantRate(10_000_000))
                .withQueue(QueueLimit.packets(50)));
        // Offer 20 Mbit/s of 1200-byte packets for 10 s: twice what the link can carry.
        for (long t = 0; t < s(10); t += ms(0.48)) {
            link.offer(numbered(0, 1200), t);
        }
        link.advanceTo(s(10));

        double bitsPerSecond = recorder.bytesBetween(-1, s(10)) * 8 / 10.0;
        assertThat(bitsPerSecond).isCloseTo(10_000_000, within(100_000.0));
        assertThat(link.stats().dropped(LinkDropReason.QUEUE))
                .as("the excess is dropped at the queue")
                .isPositive();
    }

    @Test
    void eachPacketTakesItsSizeOverTheRateAndWaitsForThePacketAhead() {
        LinkDirection link = direction(DirectionConfig.IDEAL.withRate(new RateModel.ConstantRate(12_000_000)));
        link.offer(numbered(1, 1500), 0);
        link.offer(numbered(2, 1500), 0);
        link.offer(numbered(3, 750), ms(5));
        link.advanceTo(ms(10));

        assertThat(recorder.deliveries).extracting(Recorder.Delivery::atNanos).containsExactly(ms(1), ms(2), ms(5.5));
        assertThat(link.stats().meanQueueDelay().toNanos()).isEqualTo((ms(1) + ms(2) + ms(0.5)) / 3);
        assertThat(link.stats().maxQueueDelay().toNanos()).isEqualTo(ms(2));
    }

    @Test
    void packetOverheadIsChargedOnTheWire() {
        LinkDirection link = direction(DirectionConfig.IDEAL
                .withRate(new RateModel.ConstantRate(12_000_000))
                .withPacketOverhead(DirectionConfig.UDP_IPV4_HEADER_BYTES));
        link.offer(numbered(1, 1472), 0); // a 1500-byte IPv4 packet: 1 ms at 12 Mbit/s

        link.advanceTo(ms(2));

        assertThat(recorder.deliveries).extracting(Recorder.Delivery::atNanos).containsExactly(ms(1));
        assertThat(link.stats().deliveredBytes())
                .as("stats count payload bytes")
                .isEqualTo(1472);
    }
}
