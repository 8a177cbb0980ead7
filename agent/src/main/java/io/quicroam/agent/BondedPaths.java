package io.quicroam.agent;

import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.pathmanager.health.PathState;
import java.util.Map;

/**
 * {@link Agent.Mode#BONDED}: every usable interface address gets its own QUIC connection, all joined to one session
 * with its token (quicroam's gateway, docs/extension.md), so the next path is warm when traffic moves. The session
 * outlives any one path, and a path that FAILED while its interface is usable gets a new connection at once.
 *
 * <p>Threads: the path manager's thread; no state of its own.
 */
final class BondedPaths implements CarryMode {
    private final PathLifecycle paths;

    BondedPaths(PathLifecycle paths) {
        this.paths = paths;
    }

    @Override
    public Map<String, String> requestHeaders(String sessionToken) {
        return sessionToken == null
                ? Map.of(QuicroamExtension.SESSION_OFFER, "?1")
                : Map.of(QuicroamExtension.JOIN, sessionToken);
    }

    @Override
    public void openWhatIsMissing() {
        PathTable table = paths.table();
        for (PathTable.Candidate candidate : table.unopened(paths.openableInterfaces())) {
            paths.open(candidate);
            if (!paths.session().extended()) {
                return; // the first path opens alone; the others join once it has the token
            }
        }
    }

    /**
     * A FAILED path is not waited on: its probes may be lost because the connection itself is broken (a NAT rebind
     * the gateway's QUIC could not follow, a gateway that lost it), which no probe can tell from an outage. A new
     * connection joins the session at once, and keeps being tried while the network is silent.
     */
    @Override
    public void pathState(AgentPath path, PathState state) {
        if (state == PathState.FAILED) {
            paths.replace(path);
        }
    }
}
