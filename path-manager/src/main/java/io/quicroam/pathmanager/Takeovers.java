package io.quicroam.pathmanager;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.scheduler.Probation;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a path fading under traffic may hand it to another: only to a capable path that has not lately failed to
 * carry it. A standby's probes say nothing of its capacity (a 300 kbit/s cell answers them as fast as a 20 Mbit/s
 * one), so a demotion onto it is a bet; if it fades too soon after it took the traffic over, it cannot carry this
 * traffic, and it is barred as a target for {@link #BAR}, doubled for each renewed such fade of its interface (capped,
 * forgotten after {@link #FORGET} without one). Otherwise two fading paths would trade the traffic every second,
 * each trade losing packets. One exception: the path whose demotion handed the traffic over less than
 * {@link #UNDO_WINDOW} ago takes it back at once, barred or on probation: that demotion was the worse bet.
 *
 * <p>Kept per interface, like the failure record, since a path's connection may be replaced. On the path manager's
 * thread.
 */
final class Takeovers {
    /** How long a path that faded under traffic is no target for another fading path, at first. */
    static final Duration BAR = Duration.ofSeconds(4);

    static final int MAX_DOUBLINGS = 4;
    /** A fade of the new carrier this soon after a demotion handed it the traffic undoes that demotion. */
    static final Duration UNDO_WINDOW = Duration.ofSeconds(3);
    /** An interface that did not fade for this long starts afresh. */
    static final Duration FORGET = Duration.ofSeconds(60);

    /** One interface's fades under traffic. */
    private record Fades(int count, long lastNanos, long barredUntilNanos) {}

    private final Collection<PathEntry> paths;
    private final Map<String, Fades> fades = new HashMap<>();
    private String lastDemoted;
    private long lastDemotedNanos = Long.MIN_VALUE;

    /** @param paths the path manager's live view of its open paths */
    Takeovers(Collection<PathEntry> paths) {
        this.paths = paths;
    }

    /**
     * Whether another path could take the traffic of {@code fading} now: one neither barred nor on {@code probation}
     * (a fading carrier still delivers most of its traffic; a path that failed lately has not shown it does better)
     * unless it passed an audition just now, or the one whose demotion it undoes.
     */
    boolean canLeave(PathEntry fading, Probation probation, long nowNanos) {
        return paths.stream()
                .anyMatch(o -> o != fading
                        && o.unusable == null
                        && o.health.state() == PathState.ACTIVE_CAPABLE
                        && (undoes(o, nowNanos)
                                || !barred(o.id.interfaceName(), nowNanos) && steady(o, probation, nowNanos)));
    }

    /**
     * {@code e} was demoted for fading under traffic. If a demotion handed it the traffic less than
     * {@link #UNDO_WINDOW} ago, that bet failed: {@code e} is barred, and this demotion (an undo) is not undone in
     * turn. A carrier that took the traffic for another reason (its predecessor fell silent) is not barred: its fade
     * says nothing of a standby's capacity.
     */
    void demoted(PathEntry e, long nowNanos) {
        String name = e.id.interfaceName();
        boolean undo =
                lastDemoted != null && !lastDemoted.equals(name) && nowNanos - lastDemotedNanos < UNDO_WINDOW.toNanos();
        if (undo) {
            Fades before = fades.get(name);
            int count = before == null || nowNanos - before.lastNanos() >= FORGET.toNanos() ? 0 : before.count();
            long bar = BAR.toNanos() << Math.min(count, MAX_DOUBLINGS);
            fades.put(name, new Fades(count + 1, nowNanos, nowNanos + bar));
        }
        lastDemoted = undo ? null : name;
        lastDemotedNanos = nowNanos;
    }

    private static boolean steady(PathEntry o, Probation probation, long nowNanos) {
        PathView view = o.view();
        return view.proven() || !probation.on(view, nowNanos);
    }

    private boolean barred(String interfaceName, long nowNanos) {
        Fades f = fades.get(interfaceName);
        return f != null && nowNanos < f.barredUntilNanos();
    }

    private boolean undoes(PathEntry o, long nowNanos) {
        return o.id.interfaceName().equals(lastDemoted) && nowNanos - lastDemotedNanos < UNDO_WINDOW.toNanos();
    }
}
