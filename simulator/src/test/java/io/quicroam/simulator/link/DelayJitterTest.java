package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayJitterTest {
    private final Recorder recorder = new Recorder();

    private LinkDirection direction(DelayModel delay) {
        return new LinkDirection(DirectionConfig.IDEAL.withDelay(delay), 7, 0, recorder);
    }

    /** One-way delays in ms of packets sent at {@code i * spacingMs}, in delivery order. */
    private double[] delays(double spacingMs) {
        return recorder.deliveries.stream()
                .mapToDouble(d -> d.atMillis() - d.sequence() * spacingMs)
                .toArray();
    }

    private void sendEvery(LinkDirection link, double spacingMs, int count) {
        for (int i = 0; i < count; i++) {
            link.offer(numbered(i, 100), ms(i * spacingMs));
        }
        link.advanceTo(ms(count * spacingMs + 1000));
    }

    @Test
    void fixedDelayDelaysEveryPacketExactly() {
        LinkDirection link = direction(DelayModel.of(Duration.ofMillis(50)));
        sendEvery(link, 3, 100);

        assertThat(delays(3)).hasSize(100).containsOnly(50.0);
    }

    @Test
    void jitterIsUniformAroundTheDelay() {
        LinkDirection link = direction(DelayModel.of(Duration.ofMillis(50), Duration.ofMillis(10)));
        // 20 ms apart, packets cannot catch up with each other (delays span 40..60 ms), so order-keeping never
        // bends the distribution here.
        sendEvery(link, 20, 20_000);

        double[] delays = delays(20);
        double mean = Arrays.stream(delays).average().orElseThrow();
        double variance =
                Arrays.stream(delays).map(d -> (d - mean) * (d - mean)).sum() / delays.length;
        assertThat(mean).isCloseTo(50, within(0.2));
        assertThat(Math.sqrt(variance)).as("uniform ±10 ms has σ = 10/√3").isCloseTo(10 / Math.sqrt(3), within(0.2));
        assertThat(Arrays.stream(delays).min().orElseThrow()).isGreaterThanOrEqualTo(40.0);
        assertThat(Arrays.stream(delays).max().orElseThrow()).isLessThanOrEqualTo(60.0);
    }

    @Test
    void jitterNeverReordersUnlessAsked() {
        LinkDirection link = direction(DelayModel.of(Duration.ofMillis(50), Duration.ofMillis(10)));
        sendEvery(link, 1, 5_000);

        List<Integer> order =
                recorder.deliveries.stream().map(Recorder.Delivery::sequence).toList();
        assertThat(order).hasSize(5_000).isSorted();
        assertThat(recorder.deliveries).extracting(Recorder.Delivery::atNanos).isSorted();
    }

    @Test
    void withReorderingEachPacketKeepsItsOwnDelay() {
        LinkDirection link = direction(
                DelayModel.of(Duration.ofMillis(50), Duration.ofMillis(10)).withReordering());
        sendEvery(link, 1, 5_000);

        List<Integer> order =
                recorder.deliveries.stream().map(Recorder.Delivery::sequence).toList();
        assertThat(order).hasSize(5_000).isNotEqualTo(order.stream().sorted().toList());
        assertThat(recorder.deliveries)
                .extracting(Recorder.Delivery::atNanos)
                .as("still delivered in time order")
                .isSorted();
        assertThat(Arrays.stream(delays(1)).average().orElseThrow()).isCloseTo(50, within(0.5));
    }

    @Test
    void jitterLargerThanTheDelayIsRefused() {
        assertThatThrownBy(() -> DelayModel.of(Duration.ofMillis(5), Duration.ofMillis(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds delay");
    }
}
