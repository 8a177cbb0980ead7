package io.quicroam.agent;

import io.quicroam.masque.extension.QuicroamExtension;

import java.util.Map;

/**
 * {@link Agent.Mode#BONDED}: every usable interface address gets its own QUIC connection, all joined to one session
 * with its token (quicroam's gateway, docs/extension.md), so the next path is warm when traffic moves. The session
 * outlives any one path.
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
        for (PathTable.Candidate candidate : table.unopened(table.usableInterfaces())) {
            paths.open(candidate);
            if (!paths.session().extended()) {
                return; // the first path opens alone; the others join once it has the token
            }
        }
    }
}
