package io.quicroam.agent;

import io.quicroam.pathmanager.iface.NetInterface;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which interface the one connection of migrate mode, or reconnect mode's one session, is opened on next: the
 * interfaces not tried since a connection last opened go first, so a network whose opens keep timing out (a captive
 * Wi-Fi) cannot keep the connection from one that works; once each was tried, a new round starts.
 *
 * <p>Threads: the path manager's thread only.
 */
final class OpenRotation {
    /** Interfaces an open was tried on in this round. */
    private final Set<String> tried = new HashSet<>();

    /** Sorts {@code candidates} in place: those not tried in this round first, their order otherwise kept. */
    void order(List<NetInterface> candidates) {
        if (candidates.stream().allMatch(ni -> tried.contains(ni.name()))) {
            tried.clear(); // each was tried once: round again
        }
        candidates.sort(Comparator.comparing(ni -> tried.contains(ni.name())));
    }

    /** An open is tried on {@code interfaceName}. */
    void tried(String interfaceName) {
        tried.add(interfaceName);
    }

    /** A connection opened: the next one starts a new round. */
    void opened() {
        tried.clear();
    }
}
