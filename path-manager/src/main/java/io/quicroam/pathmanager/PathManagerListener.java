package io.quicroam.pathmanager;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;

/**
 * Everything the path manager asks of the agent, called on the path manager's thread (do not block in it).
 * Calling back into {@link PathManager} from here is allowed: the call is queued behind the current one.
 */
public interface PathManagerListener {
    /**
     * Open a path on this interface, for each routable address that has none yet. Called again when a usable
     * interface gains or loses an address, so it must be idempotent.
     */
    default void interfaceUsable(NetInterface ni) {}

    /** Close the interface's paths now (carrier lost, interface or address removed, excluded). */
    default void interfaceUnusable(NetInterface ni, String reason) {}

    /** Send probe {@code sequence} on {@code path} now; report its echo with {@link PathManager#probeAnswered}. */
    default void sendProbe(PathId path, long sequence) {}

    /**
     * A path's health state changed (e.g. to SUSPECT after lost probes), before the decision it may cause. Not told:
     * a path demoted for fading (its connection works), and, until another path works or for at most 10 s, a path
     * that FAILED while no other worked (its connection is kept for the outage probes, see {@link Outage}).
     */
    default void pathState(PathId path, PathState state) {}

    /**
     * Whether the session can carry a packet on two paths at once, the receiver keeping the first copy: what lets a
     * standby cover a wavering carrier ({@code CoveringScheduler}). Asked at every decision.
     */
    default boolean copiesCarried() {
        return false;
    }

    /** Which paths carry traffic now; only called when that changes. */
    default void decision(PathDecision decision) {}

    /**
     * User traffic passed again after an idle spell ({@link PathManager#trafficActive()} was false): whatever paces
     * itself by traffic and stood still while idle picks its rhythm up again.
     */
    default void trafficResumed() {}
}
