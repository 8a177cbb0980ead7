package io.quicroam.agent;

import io.quicroam.pathmanager.path.PathId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The probes on each interface that wait for the proxy's next authenticated packet there ({@link ProgressProbes}).
 * That packet answers every one of them: it proves the path delivered after each was sent. Keeping only the last one
 * (as before #13) left an earlier probe still out when a later one went (the carrier is probed every 50 ms of silence,
 * and an answer may take the RTT plus the proxy's 25 ms of ACK delay): the packet answered the later one, the earlier
 * one timed out and counted lost although answered. In a flapping run (seed 2, migrate) half the probe losses were
 * these, and a lost probe on a carrier nothing else was heard from since moves the traffic.
 *
 * <p>At most {@link #MAX_PER_INTERFACE} wait per interface: older ones have timed out long since (a probe waits at
 * most its timeout), and answering them would only give the path manager stale RTT samples.
 *
 * <p>Threads: sent on the path manager's thread, answered on the event loop: every method locks the instance.
 */
final class WaitingProbes {
    static final int MAX_PER_INTERFACE = 4;

    /** A probe out on a path. */
    record Probe(PathId path, long sequence) {}

    private final Map<String, Deque<Probe>> waiting = new HashMap<>();
    /** When the oldest probe still out on each interface went, beyond the bound too. */
    private final Map<String, Long> firstUnansweredNanos = new HashMap<>();

    /**
     * {@code probe} went out on {@code interfaceName} at {@code sentNanos}; the oldest waiting there is forgotten beyond
     * the bound, though not when the first of them went ({@link #unansweredSince}).
     */
    synchronized void sent(String interfaceName, Probe probe, long sentNanos) {
        Deque<Probe> probes = waiting.computeIfAbsent(interfaceName, name -> new ArrayDeque<>());
        probes.addLast(probe);
        firstUnansweredNanos.putIfAbsent(interfaceName, sentNanos);
        if (probes.size() > MAX_PER_INTERFACE) {
            probes.removeFirst();
        }
    }

    /** Whether a probe sent on {@code interfaceName} at or before {@code nanos} still waits for its answer. */
    synchronized boolean unansweredSince(String interfaceName, long nanos) {
        Long first = firstUnansweredNanos.get(interfaceName);
        return first != null && first - nanos <= 0;
    }

    /** The proxy's authenticated packet arrived on {@code interfaceName}: every probe waiting there is answered. */
    synchronized List<Probe> heardOn(String interfaceName) {
        firstUnansweredNanos.remove(interfaceName);
        Deque<Probe> probes = waiting.remove(interfaceName);
        return probes == null ? List.of() : new ArrayList<>(probes);
    }
}
