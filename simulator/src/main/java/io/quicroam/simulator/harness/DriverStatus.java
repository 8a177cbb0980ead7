package io.quicroam.simulator.harness;

import io.quicroam.simulator.measure.HandoverRecord;
import java.util.List;
import java.util.Optional;

/**
 * The agent as the harness samples it, in the simulator's own terms (no agent types), times in scenario time.
 *
 * @param activePath the interface carrying traffic now, or "-"
 * @param paths      one entry per interface the agent has a path on
 */
record DriverStatus(
        String activePath,
        List<PathReading> paths,
        List<HandoverRecord> handovers,
        long sessionResets,
        long addressChanges) {

    static final DriverStatus NONE = new DriverStatus("-", List.of(), List.of(), 0, 0);

    /** The agent's path on one interface: its health state and smoothed RTT (NaN before the first probe). */
    record PathReading(String interfaceName, String state, double rttMillis) {}

    Optional<PathReading> path(String interfaceName) {
        return paths.stream()
                .filter(p -> p.interfaceName().equals(interfaceName))
                .findFirst();
    }
}
