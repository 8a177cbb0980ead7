package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DropTailTest {
    private final Recorder recorder = new Recorder();

    /** 8 kbit/s: a 1000-byte packet takes one second, so nothing leaves while the test fills the queue. */
    private LinkDirection slowLink(QueueLimit limit) {
        return new LinkDirection(
                DirectionConfig.IDEAL
                        .withRate(new RateModel.ConstantRate(8_000))
                        .withQueue(limit),
                1,
                0,
                recorder);
    }

    private List<Integer> delivered() {
        return recorder.deliveries.stream().map(Recorder.Delivery::sequence).toList();
    }

    @Test
    void dropsExactlyThePacketsThatExceedEitherLimit() {
        LinkDirection link = slowLink(new QueueLimit(2500, 3));
        link.offer(numbered(1, 1000), 0); // straight into transmission: not queued
        link.offer(numbered(2, 1000), 0); // queue 1000 B, 1 packet
        link.offer(numbered(3, 1000), 0); // queue 2000 B, 2 packets
        link.offer(numbered(4, 1000), 0); // 3000 B > 2500: dropped
        link.offer(numbered(5, 500), 0); // queue 2500 B, 3 packets: exactly full
        link.offer(numbered(6, 8), 0); // 4 packets > 3: dropped
        assertThat(link.stats().queuedPackets()).isEqualTo(3);
        assertThat(link.stats().queuedBytes()).isEqualTo(2500);

        link.offer(numbered(7, 8), s(1)); // #1 has left at 1 s and #2 started: room for one more
        link.advanceTo(s(10));

        assertThat(delivered()).containsExactly(1, 2, 3, 5, 7);
        DirectionStats stats = link.stats();
        assertThat(stats.dropped(LinkDropReason.QUEUE)).isEqualTo(2);
        assertThat(stats.droppedBytes().get(LinkDropReason.QUEUE)).isEqualTo(1008);
        assertThat(stats.queuedPackets()).isZero();
    }

    @Test
    void byteLimitCountsWireBytes() {
        LinkDirection link = new LinkDirection(
                DirectionConfig.IDEAL
                        .withRate(new RateModel.ConstantRate(8_000))
                        .withQueue(QueueLimit.bytes(1056))
                        .withPacketOverhead(28),
                1,
                0,
                recorder);
        link.offer(numbered(1, 100), 0);
        link.offer(numbered(2, 500), 0); // 528 wire bytes
        link.offer(numbered(3, 500), 0); // 1056: fits exactly
        link.offer(numbered(4, 4), 0); // 32 more: dropped
        link.advanceTo(s(10));

        assertThat(delivered()).containsExactly(1, 2, 3);
    }
}
