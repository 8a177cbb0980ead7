package io.quicroam.agent;

import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The usable interfaces and the paths on them, open or opening.
 *
 * <p>Threads: the path manager's thread only.
 */
final class PathTable {
    /** A path that could open: an interface address and where its packets go. */
    record Candidate(NetInterface ni, InetAddress address, PathId id) {}

    private final PathEndpoints endpoints;
    private final Map<PathId, AgentPath> paths = new HashMap<>();
    private final Map<String, NetInterface> usable = new LinkedHashMap<>();

    PathTable(PathEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    PathEndpoints endpoints() {
        return endpoints;
    }

    void usable(NetInterface ni) {
        usable.put(ni.name(), ni);
    }

    void unusable(String interfaceName) {
        usable.remove(interfaceName);
    }

    boolean isUsable(String interfaceName) {
        return usable.containsKey(interfaceName);
    }

    /** The usable interfaces, in the order they became usable (a copy). */
    List<NetInterface> usableInterfaces() {
        return new ArrayList<>(usable.values());
    }

    /** Every address of {@code interfaces}, in order, that has no path yet and can reach the gateway. */
    List<Candidate> unopened(List<NetInterface> interfaces) {
        List<Candidate> candidates = new ArrayList<>();
        for (NetInterface ni : interfaces) {
            for (InetAddress address : ni.routableAddresses()) {
                PathId id = new PathId(ni.name(), address, endpoints.remote(ni, address));
                if (!paths.containsKey(id) && sameFamily(address, id.gateway().getAddress())) {
                    candidates.add(new Candidate(ni, address, id));
                }
            }
        }
        return candidates;
    }

    /** An unresolved gateway address (null) may be of either family. */
    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return b == null || a.getAddress().length == b.getAddress().length;
    }

    void put(AgentPath path) {
        paths.put(path.id(), path);
    }

    AgentPath get(PathId id) {
        return paths.get(id);
    }

    /** Whether {@code path} is the one the table holds for its ID (not closed, not replaced). */
    boolean holds(AgentPath path) {
        return paths.get(path.id()) == path;
    }

    /**
     * The path the table holds for {@code path}'s connection: {@code path} itself, or (migrate mode, where every path
     * is a socket of one connection) another path carrying the same tunnel once {@code path}'s interface went; null
     * when none does (a connection we closed).
     */
    AgentPath holderOf(AgentPath path) {
        if (holds(path)) {
            return path;
        }
        TunnelPath tunnel = path.tunnel();
        return tunnel == null
                ? null
                : paths.values().stream()
                        .filter(p -> p.tunnel() == tunnel)
                        .findFirst()
                        .orElse(null);
    }

    void remove(PathId id) {
        paths.remove(id);
    }

    boolean isEmpty() {
        return paths.isEmpty();
    }

    /** The paths, open or opening (a live view: copy before closing while iterating). */
    Collection<AgentPath> all() {
        return paths.values();
    }

    /** The first path on {@code interfaceName}. */
    Optional<AgentPath> on(String interfaceName) {
        return paths.values().stream()
                .filter(p -> p.interfaceName().equals(interfaceName))
                .findFirst();
    }

    /** The gateway address of every path. */
    Collection<InetAddress> gateways() {
        Collection<InetAddress> gateways = new ArrayList<>();
        for (AgentPath path : paths.values()) {
            gateways.add(path.id().gateway().getAddress());
        }
        return gateways;
    }
}
