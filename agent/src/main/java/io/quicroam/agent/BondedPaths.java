package io.quicroam.agent;

import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.pathmanager.health.PathState;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Agent.Mode#BONDED}: every usable interface address gets its own QUIC connection, all joined to one session
 * with its token (quicroam's gateway, docs/extension.md), so the next path is warm when traffic moves. The session
 * outlives any one path, and a path that FAILED while its interface is usable gets a new connection at once.
 *
 * <p>Against a proxy without the extension (any stock RFC 9484 proxy) it keeps one path at a time and never
 * replaces it on probe loss: nobody echoes its probes there.
 *
 * <p>Threads: the path manager's thread, which owns {@code toldNoExtension}.
 */
final class BondedPaths implements CarryMode {
    private static final Logger log = LoggerFactory.getLogger(BondedPaths.class);

    private final PathLifecycle paths;
    private boolean toldNoExtension;

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
    public boolean copiesCarried() {
        return true;
    }

    @Override
    public void openWhatIsMissing() {
        PathTable table = paths.table();
        if (!paths.session().extended() && !table.isEmpty()) {
            // A proxy that did not grant the session extension (any stock RFC 9484 proxy): another path would be a
            // separate session with another inner address. One path at a time, as reconnect does.
            return;
        }
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
        // Without the extension nobody echoes probes, so FAILED says nothing about that connection, and replacing
        // it would start a new session (a new inner address) every few seconds.
        if (state == PathState.FAILED && paths.session().extended()) {
            paths.replace(path);
        }
    }

    @Override
    public void opened(AgentPath path, TunnelPath tunnel) {
        if (tunnel.sessionToken() == null && !toldNoExtension) {
            toldNoExtension = true;
            log.info(
                    "{}: the proxy does not offer quicroam's session extension: one path at a time; "
                            + "mode: migrate keeps the session across networks with any RFC 9484 proxy",
                    path.interfaceName());
        }
    }
}
