package io.quicroam.agent;

import io.quicroam.pathmanager.iface.NetInterface;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which interface the first path of a session is tried on. That path opens alone (the others join with its token),
 * so an interface whose network answers nothing — a captive Wi-Fi that drops UDP and TCP alike — would hold every
 * other interface back if it were tried first every time: one whose attempt got no answer waits behind the interfaces
 * not yet tried, and behind those that fell silent before it.
 *
 * <p>Threads: the path manager's thread only.
 */
final class FirstOpenTurns {
    /** Interfaces whose first-path attempt got no answer, the longest ago first. */
    private final Set<String> unanswered = new LinkedHashSet<>();

    /** The first path's attempt on {@code interfaceName} got no answer in time: it waits for the others' turns. */
    void unanswered(String interfaceName) {
        unanswered.remove(interfaceName);
        unanswered.add(interfaceName);
    }

    /** A session opened: every interface joins it at once, none waits for a turn any more. */
    void sessionOpened() {
        unanswered.clear();
    }

    /** {@code interfaces} in the order to try them: untried ones first, as they came, then the silent ones. */
    List<NetInterface> order(List<NetInterface> interfaces) {
        List<String> turns = new ArrayList<>(unanswered);
        List<NetInterface> ordered = new ArrayList<>(interfaces);
        ordered.sort(Comparator.comparingInt(ni -> turns.indexOf(ni.name()))); // stable; untried: -1
        return ordered;
    }
}
