package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of a link direction over random configurations and traffic, on virtual time. */
class LinkDirectionPropertiesTest {
    private static final long MICROS = 1_000L;
    /** Far enough past the last arrival for every packet to get through the slowest generated link. */
    private static final long DRAIN_NANOS = 60_000_000_000L;

    /** A packet arriving {@code gapMicros} after the previous one; {@code stateChange} applies just before it. */
    record Arrival(int gapMicros, int size, LinkState stateChange) {}

    @Property(tries = 150)
    void catchingUpLateDeliversTheSameAsFollowingEveryEvent(
            @ForAll("configs") DirectionConfig config, @ForAll("arrivals") List<Arrival> arrivals, @ForAll long seed) {
        Recorder eventDriven = new Recorder();
        Recorder polled = new Recorder();
        LinkDirection a = new LinkDirection(config, seed, 0, eventDriven);
        LinkDirection b = new LinkDirection(config, seed, 0, polled);
        long t = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            long next = t + arrivals.get(i).gapMicros() * MICROS;
            for (long poll = t; poll < next; poll += 250 * MICROS) {
                b.advanceTo(poll); // a real-time loop waking every 250 µs
            }
            t = next;
            a.offer(numbered(i, arrivals.get(i).size()), t);
            b.offer(numbered(i, arrivals.get(i).size()), t);
        }
        a.advanceTo(t + DRAIN_NANOS);
        b.advanceTo(t + DRAIN_NANOS);

        assertThat(polled.deliveries)
                .extracting(Recorder.Delivery::sequence, Recorder.Delivery::atNanos)
                .isEqualTo(eventDriven.deliveries.stream()
                        .map(d -> tuple(d.sequence(), d.atNanos()))
                        .toList());
        assertThat(b.stats()).isEqualTo(a.stats());
    }

    @Property(tries = 150)
    void everyPacketIsDeliveredOnceOrDroppedOnce(
            @ForAll("configs") DirectionConfig config, @ForAll("arrivals") List<Arrival> arrivals, @ForAll long seed) {
        Recorder recorder = new Recorder();
        LinkDirection link = new LinkDirection(config, seed, 0, recorder);
        long t = send(link, arrivals);
        link.setState(LinkState.UP, t);
        link.advanceTo(t + DRAIN_NANOS);

        DirectionStats stats = link.stats();
        assertThat(stats.offeredPackets()).isEqualTo(arrivals.size());
        assertThat(stats.inFlightPackets()).isZero();
        assertThat(recorder.deliveries)
                .hasSize((int) stats.deliveredPackets())
                .extracting(Recorder.Delivery::sequence)
                .doesNotHaveDuplicates();
        long offeredBytes = arrivals.stream().mapToLong(Arrival::size).sum();
        long droppedBytes = stats.droppedBytes().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertThat(stats.deliveredBytes() + droppedBytes).isEqualTo(offeredBytes);
    }

    @Property(tries = 150)
    void withoutReorderingPacketsLeaveInOrder(
            @ForAll("configs") DirectionConfig config, @ForAll("arrivals") List<Arrival> arrivals, @ForAll long seed) {
        Recorder recorder = new Recorder();
        LinkDirection link = new LinkDirection(
                config.withDelay(
                        new DelayModel(config.delay().delay(), config.delay().jitter(), false)),
                seed,
                0,
                recorder);
        link.advanceTo(send(link, arrivals) + DRAIN_NANOS);

        assertThat(recorder.deliveries).extracting(Recorder.Delivery::sequence).isSorted();
        assertThat(recorder.deliveries).extracting(Recorder.Delivery::atNanos).isSorted();
    }

    @Property(tries = 150)
    void theQueueNeverHoldsMoreThanItsLimits(
            @ForAll("configs") DirectionConfig config, @ForAll("arrivals") List<Arrival> arrivals, @ForAll long seed) {
        LinkDirection link = new LinkDirection(config, seed, 0, new Recorder());
        long t = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            t += arrivals.get(i).gapMicros() * MICROS;
            link.offer(numbered(i, arrivals.get(i).size()), t);
            assertThat(link.stats().queuedPackets())
                    .isLessThanOrEqualTo(config.queue().maxPackets());
            assertThat(link.stats().queuedBytes())
                    .isLessThanOrEqualTo(config.queue().maxBytes());
        }
    }

    /** Offers the arrivals (with their state changes); returns the last arrival time. */
    private static long send(LinkDirection link, List<Arrival> arrivals) {
        long t = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            Arrival arrival = arrivals.get(i);
            t += arrival.gapMicros() * MICROS;
            if (arrival.stateChange() != null) {
                link.setState(arrival.stateChange(), t);
            }
            link.offer(numbered(i, arrival.size()), t);
        }
        return t;
    }

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        Arbitrary<LinkState> changes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just(null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(LinkState.class)));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 3000),
                        Arbitraries.integers().between(4, 1500),
                        changes)
                .as(Arrival::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(200);
    }

    @Provide
    Arbitrary<DirectionConfig> configs() {
        Arbitrary<LossModel> losses = Arbitraries.oneOf(
                Arbitraries.just(LossModel.NONE),
                Arbitraries.doubles().between(0, 0.5).map(LossModel.Bernoulli::new),
                Combinators.combine(
                                Arbitraries.doubles().between(0.01, 0.5),
                                Arbitraries.doubles().between(0.01, 0.5),
                                Arbitraries.doubles().between(0, 0.1),
                                Arbitraries.doubles().between(0, 1))
                        .as(LossModel.GilbertElliott::new));
        Arbitrary<QueueLimit> queues = Arbitraries.oneOf(
                Arbitraries.just(QueueLimit.UNLIMITED),
                Arbitraries.integers().between(1, 20).map(QueueLimit::packets),
                Arbitraries.longs().between(1500, 30_000).map(QueueLimit::bytes));
        Arbitrary<RateModel> rates = Arbitraries.oneOf(
                Arbitraries.just(RateModel.UNLIMITED),
                Arbitraries.longs().between(200_000, 50_000_000).map(RateModel.ConstantRate::new),
                traces().map(RateModel.TraceRate::new));
        Arbitrary<DelayModel> delays = Combinators.combine(
                        Arbitraries.integers().between(0, 50),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(true, false))
                .as((ms, jitterShare, reordering) -> new DelayModel(
                        Duration.ofMillis(ms), Duration.ofNanos(Math.round(ms * 1e6 * jitterShare)), reordering));
        Arbitrary<Integer> overheads = Arbitraries.of(0, DirectionConfig.UDP_IPV4_HEADER_BYTES);
        return Combinators.combine(losses, queues, rates, delays, overheads).as(DirectionConfig::new);
    }

    /** Short random traces: non-decreasing offsets, the last one positive. */
    private static Arbitrary<MahimahiTrace> traces() {
        return Arbitraries.integers()
                .between(0, 4)
                .list()
                .ofMinSize(1)
                .ofMaxSize(30)
                .map(gaps -> {
                    StringBuilder text = new StringBuilder();
                    int offset = 0;
                    for (int gap : gaps) {
                        offset += gap;
                        text.append(offset).append('\n');
                    }
                    if (offset == 0) {
                        text.append("1\n");
                    }
                    try {
                        return MahimahiTrace.parse("generated", new StringReader(text.toString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
