package io.quicroam.agent;

import io.quicroam.pathmanager.health.PathState;
import java.util.Map;

/**
 * How the paths carry the one session ({@link Agent.Mode}): the policy the {@link PathLifecycle} asks wherever the
 * modes differ, one implementation per mode, in the spirit of mptcpd's path-manager plug-ins.
 *
 * <p>Threads: every method runs on the path manager's thread; an implementation keeps its state there unless it
 * says otherwise.
 */
interface CarryMode {
    /** The implementation of {@code mode}, working on {@code paths}. */
    static CarryMode of(Agent.Mode mode, PathLifecycle paths) {
        return switch (mode) {
            case BONDED -> new BondedPaths(paths);
            case MIGRATE -> new MigratingConnection(paths);
            case RECONNECT -> new Reconnecting(paths);
        };
    }

    /** Extension headers of the CONNECT-IP request a path opens with; {@code sessionToken} null for a new session. */
    Map<String, String> requestHeaders(String sessionToken);

    /** Opens the paths this mode wants on the usable interfaces (none is opening as a session's first). */
    void openWhatIsMissing();

    /** {@code path}'s connection and stream are up. */
    default void opened(AgentPath path, TunnelPath tunnel) {}

    /**
     * Whether a packet can go on two of this mode's paths at once (each a connection of the session), so that a
     * standby may cover a wavering carrier; the session must speak quicroam's extension too.
     */
    default boolean copiesCarried() {
        return false;
    }

    /** {@code interfaceName} became usable again. */
    default void interfaceUsable(String interfaceName) {}

    /** The path manager judged {@code path}. */
    default void pathState(AgentPath path, PathState state) {}

    /**
     * Probes {@code path} the mode's own way.
     *
     * @return false to send quicroam's echo probe instead (docs/extension.md)
     */
    default boolean sendProbe(AgentPath path, long sequence) {
        return false;
    }

    /** Closes what carries {@code path}; it is out of the table already. */
    default void close(AgentPath path) {
        TunnelPath tunnel = path.tunnel();
        if (tunnel != null) {
            tunnel.close();
        }
    }

    /** The agent closed every path for good: what the mode still holds beyond them goes too. */
    default void closeAll() {}

    /** {@code path}'s connection ended without us closing it; it is still in the table. */
    default void lost(AgentPath path) {}

    /** Traffic moved to {@code next}. */
    default void carrierMoved(AgentPath next) {}
}
