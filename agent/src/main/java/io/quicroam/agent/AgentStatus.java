package io.quicroam.agent;

import io.quicroam.pathmanager.PathSnapshot;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import java.util.List;
import java.util.Locale;

/**
 * The agent as {@code quicroam status} shows it. Names interfaces, never outer addresses.
 *
 * @param mode           how paths carry the session
 * @param assignment     inner addresses and routes
 * @param uptimeNanos    since the agent started
 * @param paths          one entry per open path
 * @param handovers      the last handovers, oldest first
 * @param sessionResets  times a new session replaced the old one
 * @param addressChanges times the inner address changed
 * @param tunnelMtu      the tunnel device's MTU now
 */
public record AgentStatus(
        Agent.Mode mode,
        TunnelAssignment assignment,
        long uptimeNanos,
        List<PathReport> paths,
        List<Handover> handovers,
        long sessionResets,
        long addressChanges,
        int tunnelMtu) {

    /**
     * One path.
     *
     * @param rttMillis smoothed RTT, or -1 before the first answered probe
     * @param unusable  why the path carries no traffic (e.g. {@code mtu-too-small}), or null
     * @param maxPacket the largest inner packet the path carries now, or -1 while it opens
     * @param transport what carries it ({@code quic}, {@code http2}), or null while it opens
     */
    public record PathReport(
            String interfaceName,
            String interfaceClass,
            boolean ipv6,
            PathRole role,
            String state,
            double rttMillis,
            double lossRatio,
            long bytesSent,
            long bytesReceived,
            long sinceNanos,
            String unusable,
            int maxPacket,
            String transport) {

        /** {@code interfaceClass}: as the policy sees it (agent.yaml may override what the OS says). */
        static PathReport of(
                PathId id,
                String interfaceClass,
                PathRole role,
                long sinceNanos,
                PathSnapshot health,
                int maxPacket,
                String transport) {
            return new PathReport(
                    id.interfaceName(),
                    interfaceClass,
                    id.local().getAddress().length == 16,
                    role,
                    health == null
                            ? "opening"
                            : health.state().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    health == null
                            ? -1
                            : health.srtt().map(d -> d.toNanos() / 1e6).orElse(-1.0),
                    health == null ? 0 : health.lossRatio(),
                    health == null ? 0 : health.bytesSent(),
                    health == null ? 0 : health.bytesReceived(),
                    sinceNanos,
                    health == null ? null : health.unusable().orElse(null),
                    maxPacket,
                    transport);
        }
    }
}
