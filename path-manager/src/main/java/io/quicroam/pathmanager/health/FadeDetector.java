package io.quicroam.pathmanager.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Tells from a path's transport samples ({@link TransportSample}, about every 100 ms while it carries traffic)
 * whether it is fading, before its probes go unanswered: its RTT well above its own baseline ({@link RttBaseline}),
 * a climbing share of packets lost over the last second, or less delivered than the traffic sends while the RTT
 * rises. Hysteresis: a signal counts only when the same one holds for {@link #HOLD} samples in a row
 * ({@link #HOLD_RTT} for RTT inflation), so one late ACK or one burst of loss flips nothing. RTT is judged net of
 * this machine's own stalls ({@link LocalStall}): a loaded CPU delays every ACK, on every path, and is no fade.
 *
 * <p>Before a signal holds, the path may already be wavering: a few packets lost in the last second
 * ({@link #EARLY_MIN_LOST}, any share) while the traffic leaves the congestion window mostly unused. Such losses are
 * the network's (a fading radio), not the traffic's own (a transfer filling a queue, which is how congestion control
 * finds the rate); they are no reason to leave the path, but reason enough for a standby to carry copies while they
 * last ({@link #waveringUntilNanos}): a fade loses packets from its first moments, seconds before enough are lost to
 * judge it. One inflated RTT is an early sign too (three in a row demote the path). Single-threaded, on the caller's
 * clock.
 */
public final class FadeDetector {
    /** The baseline is the least RTT of this long: long enough to span a call, short enough to follow a new network. */
    static final Duration BASELINE_WINDOW = Duration.ofSeconds(30);
    /**
     * RTT above FACTOR × baseline + MARGIN is inflated: the margin keeps a 5 ms Wi-Fi (or a 1 ms loopback) from
     * tripping on jitter and on a busy CPU's stalls; 50 ms more is what a call starts to feel.
     */
    static final int INFLATION_FACTOR = 2;

    static final Duration INFLATION_MARGIN = Duration.ofMillis(50);
    /** Loss is judged over the last second, and only once it holds enough packets to mean something. */
    static final Duration LOSS_WINDOW = Duration.ofSeconds(1);

    static final double LOSS_RATIO = 0.03;
    static final long LOSS_MIN_SENT = 50;
    static final long LOSS_MIN_LOST = 4;
    /** Traffic below this (bytes per second, 100 kbit/s) asks too little of a path to judge its rate. */
    static final long RATE_MIN_DEMAND = 12_500;
    /** Consecutive samples a signal must hold: loss is already a second's sum, RTT one reading (a CPU stall). */
    static final int HOLD = 2;

    static final int HOLD_RTT = 3;
    /**
     * What a local stall may add to an RTT, per millisecond of it: the ACK is read late, and so is the datagram that
     * elicits it sent (on the simulator's machine the gateway waits for the same CPU too).
     */
    static final int STALL_FACTOR = 2;
    /** Packets lost in the last second that make a path waver (a clean path loses none). */
    static final long EARLY_MIN_LOST = 2;
    /** How long a path counts as wavering after its last early sign. */
    static final Duration WAVER_HOLD = Duration.ofSeconds(2);

    /** What changed between two samples, from {@code fromNanos} to {@code toNanos}. */
    private record Delta(long fromNanos, long toNanos, long sent, long lost, long bytes) {}

    /** The last second's deltas summed, over {@code spanNanos} (0 when there are none). */
    private record Window(long sent, long lost, long bytes, long spanNanos) {
        static Window of(ArrayDeque<Delta> recent, long nowNanos) {
            long sent = 0;
            long lost = 0;
            long bytes = 0;
            for (Delta d : recent) {
                sent += d.sent();
                lost += d.lost();
                bytes += d.bytes();
            }
            return new Window(
                    sent,
                    lost,
                    bytes,
                    recent.isEmpty() ? 0 : nowNanos - recent.peekFirst().fromNanos());
        }
    }

    private final RttBaseline baseline = new RttBaseline(BASELINE_WINDOW.toNanos());
    private final LocalStall stall = new LocalStall();
    private final ArrayDeque<Delta> recent = new ArrayDeque<>();
    private TransportSample previous;
    private long previousAtNanos;
    private FadeSignal holding;
    private int held;
    private long earlySignNanos;
    private boolean everWavered;

    /** Takes one sample; returns the signal that has held long enough, if any. */
    public Optional<FadeSignal> sample(TransportSample s, long nowNanos) {
        stall.arrived(nowNanos);
        boolean restarted = previous == null
                || s.sentPackets() < previous.sentPackets()
                || s.lostPackets() < previous.lostPackets()
                || s.sentBytes() < previous.sentBytes();
        if (restarted) {
            recent.clear();
        } else {
            recent.addLast(new Delta(
                    previousAtNanos,
                    nowNanos,
                    s.sentPackets() - previous.sentPackets(),
                    s.lostPackets() - previous.lostPackets(),
                    s.sentBytes() - previous.sentBytes()));
        }
        while (!recent.isEmpty() && recent.peekFirst().toNanos() <= nowNanos - LOSS_WINDOW.toNanos()) {
            recent.pollFirst();
        }
        previous = s;
        previousAtNanos = nowNanos;
        if (s.srttNanos() > 0) {
            baseline.add(s.srttNanos(), nowNanos);
        }
        Window window = Window.of(recent, nowNanos);
        if (window.lost() >= EARLY_MIN_LOST && appLimited(s, window) || inflated(s.srttNanos())) {
            earlySignNanos = nowNanos;
            everWavered = true;
        }
        FadeSignal now = judge(s, window);
        held = now != null && now == holding ? held + 1 : 1;
        holding = now;
        int needed = now == FadeSignal.RTT_INFLATION ? HOLD_RTT : HOLD;
        return now != null && held >= needed ? Optional.of(now) : Optional.empty();
    }

    /**
     * Until when the path counts as wavering after its last early sign ({@link #WAVER_HOLD} after it), or
     * {@link Long#MIN_VALUE} if it never wavered.
     */
    public long waveringUntilNanos() {
        return everWavered ? earlySignNanos + WAVER_HOLD.toNanos() : Long.MIN_VALUE;
    }

    /**
     * Whether the traffic of the last second asked for at most half of what the congestion window lets through in an
     * RTT (RFC 9002 §7.8's application-limited, with room to spare): losses then are not of its own making.
     */
    private static boolean appLimited(TransportSample s, Window window) {
        if (s.cwndBytes() <= 0 || s.srttNanos() <= 0 || window.spanNanos() <= 0) {
            return false;
        }
        // bytes per span vs. cwnd per RTT, cross-multiplied: bytes/span * 2 <= cwnd/srtt.
        return (double) window.bytes() * 2 * s.srttNanos() <= (double) s.cwndBytes() * window.spanNanos();
    }

    private FadeSignal judge(TransportSample s, Window window) {
        long sent = window.sent();
        long lost = window.lost();
        if (sent >= LOSS_MIN_SENT && lost >= LOSS_MIN_LOST && lost >= LOSS_RATIO * sent) {
            return FadeSignal.LOSS;
        }
        if (inflated(s.srttNanos())) {
            return FadeSignal.RTT_INFLATION;
        }
        long demand = window.spanNanos() <= 0 ? 0 : window.bytes() * 1_000_000_000L / window.spanNanos();
        boolean rising = baseline.known() && netOfStalls(s.srttNanos()) * 2 > baseline.nanos() * 3;
        if (demand >= RATE_MIN_DEMAND
                && s.deliveryRateBytes() > 0
                && s.deliveryRateBytes() * 5 < demand * 4
                && rising) {
            return FadeSignal.RATE;
        }
        return null;
    }

    /**
     * Whether {@code rttNanos}, less what this machine's stalls lately may have added to it, is well above this path's
     * baseline (false while it has none): also how a trial probe of a path demoted for its RTT shows that it is well
     * again.
     */
    public boolean inflated(long rttNanos) {
        return baseline.known()
                && netOfStalls(rttNanos) > INFLATION_FACTOR * baseline.nanos() + INFLATION_MARGIN.toNanos();
    }

    private long netOfStalls(long rttNanos) {
        return rttNanos - STALL_FACTOR * stall.nanos();
    }
}
