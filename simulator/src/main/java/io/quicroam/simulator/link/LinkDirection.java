package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One direction of an emulated link, I/O-free and driven by the caller's clock: packets go in with their arrival
 * time ({@link #offer}), and come out through the {@link DeliverySink} with their delivery time whenever time is
 * advanced past it ({@link #advanceTo}). The pipeline is loss → drop-tail queue → rate (unlimited, constant or a
 * mahimahi trace) → delay and jitter → delivery. The same object runs on virtual time in tests and on real time
 * in the UDP relay; results depend only on the times given, never on how often or how late {@code advanceTo} is
 * called. Not thread-safe: one driver thread.
 */
public final class LinkDirection {
    private final int packetOverheadBytes;
    private final DropTailQueue queue;
    private final DelayLine delayLine;
    private final DirectionCounters counters = new DirectionCounters();
    private final SplittableRandom lossRandom;
    private final DeliverySink sink;
    private final StageOutput toDelayLine = this::departed;
    private final StageOutput toSink = this::delivered;
    private LossProcess loss;
    private RateServer rate;
    private RateRamp rateRamp;
    private LinkState state = LinkState.UP;
    private long nowNanos;

    /**
     * @param seed seeds this direction's random streams (loss and jitter draw from separate streams, so changing
     *             one setting does not reshuffle the other)
     * @param startNanos the current time; a trace starts here
     */
    public LinkDirection(DirectionConfig config, long seed, long startNanos, DeliverySink sink) {
        Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        SplittableRandom root = new SplittableRandom(seed);
        this.lossRandom = root.split();
        this.delayLine = new DelayLine(config.delay(), root.split());
        this.packetOverheadBytes = config.packetOverheadBytes();
        this.queue = new DropTailQueue(config.queue());
        this.loss = LossProcess.start(config.loss(), lossRandom);
        this.rate = RateServer.start(config.rate(), startNanos);
        this.nowNanos = startNanos;
    }

    /**
     * A packet arrives at {@code atNanos}. The direction first catches up to that time (so an opportunity or a
     * completion at exactly {@code atNanos} happens before the arrival, as in mahimahi), then admits or drops the
     * packet, and delivers at once what is due (e.g. with zero delay). The array is kept, not copied.
     */
    public void offer(byte[] packet, long atNanos) {
        Objects.requireNonNull(packet, "packet");
        advanceTo(atNanos);
        counters.offered(packet.length);
        int wireSize = packet.length + packetOverheadBytes;
        LinkDropReason refused = admission(wireSize, atNanos);
        if (refused != null) {
            counters.dropped(refused, packet.length);
            return;
        }
        queue.add(new QueuedPacket(packet, wireSize, atNanos));
        advanceTo(atNanos);
    }

    private LinkDropReason admission(int wireSize, long atNanos) {
        if (state != LinkState.UP) {
            return state.dropReason();
        }
        if (!rate.carries(wireSize)) {
            return LinkDropReason.OVERSIZE;
        }
        if (loss.lose(atNanos)) {
            return LinkDropReason.LOSS;
        }
        return queue.admits(wireSize) ? null : LinkDropReason.QUEUE;
    }

    /** Counts a packet that was refused before it reached this direction (e.g. sent to a stale NAT binding). */
    void refuse(byte[] packet, long atNanos, LinkDropReason reason) {
        advanceTo(atNanos);
        counters.offered(packet.length);
        counters.dropped(reason, packet.length);
    }

    /** Runs the direction up to {@code nowNanos}, delivering everything due by then, in order, at its own time. */
    public void advanceTo(long nowNanos) {
        if (nowNanos < this.nowNanos) {
            throw new IllegalArgumentException("time went backwards: " + nowNanos + " ns < " + this.nowNanos + " ns");
        }
        this.nowNanos = nowNanos;
        while (rateRamp != null && rateRamp.nextStepNanos() <= nowNanos) {
            rate.advanceTo(rateRamp.nextStepNanos(), queue, toDelayLine);
            rateRamp.step();
            if (rateRamp.finished()) {
                rateRamp = null;
            }
        }
        rate.advanceTo(nowNanos, queue, toDelayLine);
        delayLine.deliverUpTo(nowNanos, toSink);
    }

    private void departed(QueuedPacket packet, long atNanos) {
        counters.queueDelay(atNanos - packet.arrivalNanos());
        delayLine.accept(packet, atNanos);
    }

    private void delivered(QueuedPacket packet, long atNanos) {
        counters.delivered(packet.payload().length);
        sink.deliver(atNanos, packet.payload());
    }

    /** The earliest time at which {@link #advanceTo} would do something; {@link Long#MAX_VALUE} when idle. */
    public long nextEventNanos() {
        long next = Math.min(rate.nextDepartureNanos(queue), delayLine.nextDeliveryNanos());
        return rateRamp == null ? next : Math.min(next, rateRamp.nextStepNanos());
    }

    /**
     * Makes the direction UP, DOWN or BLACKHOLE from {@code atNanos}. Going DOWN or BLACKHOLE drops everything
     * queued, in transmission or propagating, under that reason, and then every arrival.
     */
    public void setState(LinkState newState, long atNanos) {
        Objects.requireNonNull(newState, "newState");
        advanceTo(atNanos);
        if (newState != LinkState.UP) {
            LinkDropReason reason = newState.dropReason();
            QueuedPacket partial = rate.abandonInProgress();
            if (partial != null) {
                counters.dropped(reason, partial.payload().length);
            }
            queue.clear().forEach(p -> counters.dropped(reason, p.payload().length));
            delayLine.clear().forEach(p -> counters.dropped(reason, p.payload().length));
        }
        state = newState;
    }

    public LinkState state() {
        return state;
    }

    /**
     * Starts a linear fade at {@code atNanos} towards {@code target} over {@code over} (zero: at once). A rate fade
     * starts from the current constant rate and needs a {@link RateModel.ConstantRate} stage. A loss fade starts
     * from the current mean loss and leaves Bernoulli loss at the target (a Gilbert-Elliott model is replaced).
     * A new fade replaces one in progress, from wherever that one had got to.
     *
     * @throws IllegalStateException when a rate is given and the rate stage is not constant
     */
    public void fade(FadeTarget target, Duration over, long atNanos) {
        Objects.requireNonNull(target, "target");
        if (over.isNegative()) {
            throw new IllegalArgumentException("fade duration must be >= 0, got " + over);
        }
        checkCanFade(target);
        advanceTo(atNanos);
        Ramp ramp = new Ramp(atNanos, atNanos + over.toNanos());
        if (target.rateBitsPerSecond().isPresent()) {
            rateRamp = new RateRamp(
                    (ConstantRateServer) rate, target.rateBitsPerSecond().getAsLong(), ramp);
            advanceTo(atNanos); // applies the first step now
        }
        if (target.lossProbability().isPresent()) {
            loss = new LossRamp(loss.meanLoss(atNanos), target.lossProbability().getAsDouble(), ramp, lossRandom);
        }
    }

    /** @throws IllegalStateException when {@code target} has a rate and the rate stage is not constant */
    void checkCanFade(FadeTarget target) {
        if (target.rateBitsPerSecond().isPresent() && !(rate instanceof ConstantRateServer)) {
            throw new IllegalStateException("a rate fade needs a constant-rate direction; swap a trace or an"
                    + " unlimited rate for a constant one first (SetRate)");
        }
    }

    /**
     * Replaces the rate stage from {@code atNanos} (e.g. a trace swap; a new trace starts at its line 0 now).
     * Queued packets stay; a packet partly sent is sent again in full by the new stage. Cancels a rate fade.
     */
    public void setRate(RateModel model, long atNanos) {
        Objects.requireNonNull(model, "model");
        advanceTo(atNanos);
        QueuedPacket partial = rate.abandonInProgress();
        if (partial != null) {
            queue.returnToHead(partial);
        }
        rate = RateServer.start(model, atNanos);
        rateRamp = null;
        advanceTo(atNanos);
    }

    /** The loss probability in effect now (the long-run mean for Gilbert-Elliott), for reports. */
    public double currentLoss() {
        return loss.meanLoss(nowNanos);
    }

    public DirectionStats stats() {
        return counters.snapshot(queue);
    }
}
