package io.quicroam.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which paths carry traffic: the set the uplink sends on and the primary (the first of them), and every move between
 * them goes into the handover log.
 *
 * <p>Threads: changed only on the path manager's thread; the packet path reads {@link #active()} and
 * {@link #primary()} as volatile snapshots, never locking.
 */
final class Carriers {
    private static final AgentPath[] NONE = new AgentPath[0];

    private final HandoverLog handovers;
    private final Consumer<AgentPath> moved;
    private volatile AgentPath[] active = NONE;
    private volatile AgentPath primary;
    /** The interface that carried traffic last, kept while no path does (a reconnect's "from"). */
    private String lastCarrier;

    /** @param moved told each new primary path (the mode may have to move its connection there) */
    Carriers(HandoverLog handovers, Consumer<AgentPath> moved) {
        this.handovers = handovers;
        this.moved = moved;
    }

    /** The paths carrying traffic now, preferred first (packet path). */
    AgentPath[] active() {
        return active;
    }

    /** The path carrying traffic now, or null (packet path). */
    AgentPath primary() {
        return primary;
    }

    /**
     * A path opened: when nothing carries traffic, it does until the first decision, unless its MTU is too small; {@code trigger} names why when it
     * follows an earlier carrier.
     */
    void opened(AgentPath path, String trigger) {
        if (active.length != 0 || path.fit() == MtuFit.TOO_SMALL) {
            return;
        }
        active = new AgentPath[] {path};
        primary = path;
        if (lastCarrier != null) {
            handovers.record(lastCarrier, path.interfaceName(), trigger);
        }
        lastCarrier = path.interfaceName();
    }

    /** The path manager's decision: {@code available} (not empty) carry traffic. */
    void carry(List<AgentPath> available, String trigger) {
        active = available.toArray(AgentPath[]::new);
        moveTo(available.get(0), trigger);
    }

    /** {@code path} closed: the others carry on, or else any other open one of {@code open} that fits the tunnel. */
    void drop(AgentPath path, Collection<AgentPath> open) {
        List<AgentPath> remaining = new ArrayList<>(List.of(active));
        if (remaining.remove(path)) {
            if (remaining.isEmpty()) {
                open.stream()
                        .filter(p -> p.tunnel() != null && p.fit() != MtuFit.TOO_SMALL)
                        .findFirst()
                        .ifPresent(remaining::add);
            }
            active = remaining.toArray(AgentPath[]::new);
            moveTo(remaining.isEmpty() ? null : remaining.get(0), "path-closed");
        }
    }

    /** Nothing carries traffic any more (the one connection all paths shared is gone). */
    void clear() {
        active = NONE;
        primary = null;
    }

    private void moveTo(AgentPath next, String trigger) {
        AgentPath previous = primary;
        if (next == previous) {
            return;
        }
        primary = next;
        if (next != null) {
            moved.accept(next);
            lastCarrier = next.interfaceName();
        }
        if (next == null || previous == null) {
            return;
        }
        handovers.record(previous.interfaceName(), next.interfaceName(), trigger);
    }
}
