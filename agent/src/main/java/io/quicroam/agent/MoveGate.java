package io.quicroam.agent;

import io.quicroam.pathmanager.path.PathRole;
import java.time.Duration;

/**
 * Whether migrate mode's one connection moves onto the path manager's choice at once, or waits until the target's
 * light connection ({@link StandbyLinks}) answers afresh. A standby is probed only every standby-interval, and its
 * network can die in between: moving blind onto it is how this mode flapped on a captive Wi-Fi (#13), so a move away
 * from a carrier that still works waits for a fresh answer while the packets stay where they flow.
 *
 * <p>A carrier whose interface lost its carrier or address waits for nothing: every packet written there while the
 * move waits is lost (flapping, seed 2: the five packets of the ~100 ms the wait for the LTE's answer took, where
 * bonded lost one). The path manager's decision to move comes before the agent closes that path, so the path is
 * still in the table then; it is gone when that decision abandons it.
 */
final class MoveGate {
    /** How recent a standby's last answer must be for the connection to move there at once. */
    static final Duration FRESH = Duration.ofSeconds(1);

    private MoveGate() {}

    /**
     * @param carrierRole     the carrying path's role in the decision that moves the traffic; null when the agent has
     *                        no path on the carrying interface any more
     * @param targetHeardNanos when the target's light connection last made progress, or null if never
     * @param nowNanos         now, on the same clock
     */
    static boolean atOnce(PathRole carrierRole, Long targetHeardNanos, long nowNanos) {
        if (carrierRole == null || carrierRole == PathRole.ABANDON) {
            return true;
        }
        return targetHeardNanos != null && nowNanos - targetHeardNanos <= FRESH.toNanos();
    }
}
