package io.quicroam.pathmanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session must not sit with zero usable paths while a network could carry it: once every path is FAILED, each
 * is tried at once instead of after its re-admission wait, and then at the outage pace until one works
 * ({@link io.quicroam.pathmanager.health.Readmission#hurry}); the first path back ends the outage for all
 * ({@link io.quicroam.pathmanager.health.Readmission#calm}). On the path manager's thread.
 *
 * <p>A path that fails while no other works is not reported FAILED to the agent at once ({@link #holdBack}): the
 * agent would replace its connection, and a new handshake begun in an outage waits for its Initial's retransmission
 * when the network returns, while the old connection answers the first outage probe after it, about one RTT. It is
 * reported at once if another path was heard from lately, else once one works again (then its connection may well
 * be what is broken) or after {@link #HOLD_MAX}; a path alone on the only usable interface after {@link #ALONE_HOLD}.
 */
final class Outage {
    private static final Logger log = LoggerFactory.getLogger(Outage.class);

    /** How long a failed path's connection is kept through an outage before the agent may replace it. */
    static final Duration HOLD_MAX = Duration.ofSeconds(10);

    /** Heard from this lately (traffic or a probe answer): a path that evidently works. */
    static final Duration RECENTLY = Duration.ofSeconds(1);

    /**
     * Other paths heard from within this, and none since {@link #RECENTLY}: they went silent about when this one did,
     * so the place may have. Paths silent for longer say nothing of this failure (a NAT rebind QUIC could not follow,
     * beside an LTE dead for minutes): its connection is replaced at once.
     */
    static final Duration TOGETHER = Duration.ofSeconds(5);

    /**
     * How long a path alone on the only usable interface is kept from the agent: a cellular link stalls for a second
     * or more (lte-drive's trace up to 1.4 s) and then drains its queue, which delays the answers as long again. A
     * connection replaced meanwhile loses everything sent until its handshake gets through that queue (issue #13:
     * lte-drive, 174 of 1500 call packets); the old one carries on with the first probe answered after the stall.
     * Short beside {@link #HOLD_MAX}: with nowhere else to go, a connection that is really broken (a NAT rebind QUIC
     * could not follow) must not wait long for its replacement.
     */
    static final Duration ALONE_HOLD = Duration.ofSeconds(3);

    private final Collection<PathEntry> paths;
    /** Held-back paths, and when each is due to be told. */
    private final Map<PathEntry, Long> heldUntil = new HashMap<>();

    /** @param paths the path manager's live view of its open paths */
    Outage(Collection<PathEntry> paths) {
        this.paths = paths;
    }

    /** If no path works: every path tried now and at the outage pace; true if so (their probes need planning). */
    boolean hurryIfNoneWorks(long nowNanos) {
        if (paths.isEmpty() || !paths.stream().allMatch(PathEntry::failed)) {
            return false;
        }
        log.info("No path works: trying every path now");
        paths.forEach(e -> e.health.readmission().hurry(nowNanos));
        return true;
    }

    /** A path works again: the others leave the outage pace; returns the held-back paths still FAILED. */
    List<PathEntry> over(long nowNanos) {
        paths.forEach(e -> e.health.readmission().calm(nowNanos));
        return release(held -> true);
    }

    /**
     * Whether {@code e}, just FAILED, is kept from the agent for now. Alone: for {@link #ALONE_HOLD}, unless another
     * usable interface has no path ({@code elsewhere}: reconnect mode opens one path at a time and moves on only on
     * FAILED). Beside other paths: when none was heard from lately (a standby still capable on a probe ten seconds old
     * may be as silent as this one: the whole place may be), and one was heard from shortly before ({@link #TOGETHER}).
     */
    boolean holdBack(PathEntry e, long nowNanos, boolean elsewhere) {
        if (paths.stream().allMatch(o -> o == e)) {
            if (elsewhere) {
                return false;
            }
            heldUntil.put(e, nowNanos + ALONE_HOLD.toNanos());
            return true;
        }
        boolean anotherAlive = paths.stream()
                .anyMatch(o -> o != e && !o.failed() && o.lastHeardNanos >= nowNanos - RECENTLY.toNanos());
        boolean silentTogether =
                paths.stream().anyMatch(o -> o != e && o.lastHeardNanos >= nowNanos - TOGETHER.toNanos());
        if (anotherAlive || !silentTogether) {
            return false;
        }
        heldUntil.put(e, nowNanos + HOLD_MAX.toNanos());
        return true;
    }

    /** The held-back paths still FAILED after their hold: the agent may replace them now. */
    List<PathEntry> overdue(long nowNanos) {
        return release(until -> nowNanos >= until);
    }

    private List<PathEntry> release(LongPredicate due) {
        List<PathEntry> released = new ArrayList<>();
        heldUntil.entrySet().removeIf(held -> {
            PathEntry e = held.getKey();
            boolean gone = !paths.contains(e) || !e.failed();
            if (!gone && due.test(held.getValue())) {
                released.add(e);
                return true;
            }
            return gone;
        });
        return released;
    }
}
