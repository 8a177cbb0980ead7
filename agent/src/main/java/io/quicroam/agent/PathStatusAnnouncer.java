package io.quicroam.agent;

import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells quicroam's gateway each path's role after every decision (PATH_STATUS capsules, docs/extension.md), so it
 * sends the downlink where the agent sends the uplink.
 *
 * <p>Threads: the path manager's thread only.
 */
final class PathStatusAnnouncer {
    /** The gateway's ID of each path, kept after it closes so its ABANDON can be announced. */
    private final Map<PathId, Long> gatewayPathIds = new HashMap<>();
    /**
     * Gateway paths to ABANDON that no open path could tell yet: a connection replaced under the same path ID (its
     * interface's only one, while no other path was open). Without this the gateway would keep sending the downlink
     * into the dead connection until its idle timeout.
     */
    private final List<Long> unsentAbandons = new ArrayList<>();

    private long sequence;

    /** {@code path} opened as the gateway's path {@code gatewayPathId} (-1: none, a stock proxy). */
    void opened(PathId path, long gatewayPathId) {
        Long replaced = gatewayPathIds.put(path, gatewayPathId);
        if (replaced != null && replaced >= 0 && replaced != gatewayPathId) {
            unsentAbandons.add(replaced);
        }
    }

    /** Sends the decision's roles on every open path of {@code paths}; nothing without the extension. */
    void announce(PathDecision decision, Session session, Collection<AgentPath> paths) {
        if (!session.extended()) {
            return;
        }
        List<PathStatus> capsules = new ArrayList<>();
        long next = ++sequence;
        for (Map.Entry<PathId, PathRole> entry : decision.roles().entrySet()) {
            Long gatewayId = entry.getValue() == PathRole.ABANDON
                    ? gatewayPathIds.remove(entry.getKey())
                    : gatewayPathIds.get(entry.getKey());
            if (gatewayId != null && gatewayId >= 0) {
                capsules.add(new PathStatus(
                        gatewayId,
                        next,
                        PathStatus.Status.valueOf(entry.getValue().name())));
            }
        }
        unsentAbandons.forEach(id -> capsules.add(new PathStatus(id, next, PathStatus.Status.ABANDON)));
        if (capsules.isEmpty()) {
            return;
        }
        boolean told = false;
        for (AgentPath path : paths) {
            TunnelPath tunnel = path.tunnel();
            if (tunnel != null && tunnel.isOpen()) {
                tunnel.sendCapsules(capsules.toArray(PathStatus[]::new));
                told = true;
            }
        }
        unsentAbandons.clear();
        if (!told) {
            capsules.stream()
                    .filter(c -> c.status() == PathStatus.Status.ABANDON)
                    .map(PathStatus::pathId)
                    .forEach(unsentAbandons::add);
        }
    }
}
