package io.quicroam.agent;

import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.NetInterface;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Agent.Mode#RECONNECT}, today's MASQUE clients (the simulator's baseline): one path; once it fails (the same
 * probe-based detection as bonded paths) the session is dropped and a new one starts on the next interface.
 *
 * <p>Threads: the path manager's thread; the failed interfaces live there.
 */
final class Reconnecting implements CarryMode {
    private static final Logger log = LoggerFactory.getLogger(Reconnecting.class);

    private final PathLifecycle paths;
    /** Probes against a proxy without quicroam's extension, answered by its authenticated packets. */
    private final ProgressProbes probes;
    /** Interfaces whose session failed, tried again only after the others (or a link change). */
    private final Set<String> failedInterfaces = new LinkedHashSet<>();
    /** Which interface the session is opened on next: one whose opens time out waits for the others' turn. */
    private final OpenRotation rotation;

    Reconnecting(PathLifecycle paths) {
        this(paths, new OpenRotation());
    }

    /** @param rotation the interfaces tried since a connection last opened; shared with a mode that falls back here */
    Reconnecting(PathLifecycle paths, OpenRotation rotation) {
        this.paths = paths;
        this.probes = new ProgressProbes(paths);
        this.rotation = rotation;
    }

    /** It offers a session only for probe echoes (the same failure detection); it never joins. */
    @Override
    public Map<String, String> requestHeaders(String sessionToken) {
        return Map.of(QuicroamExtension.SESSION_OFFER, "?1");
    }

    @Override
    public void openWhatIsMissing() {
        PathTable table = paths.table();
        if (!table.isEmpty()) {
            return;
        }
        List<NetInterface> candidates = paths.openableInterfaces();
        candidates.sort(Comparator.comparing(ni -> failedInterfaces.contains(ni.name())));
        // The interface whose session failed goes last, but not behind one whose opens keep timing out for ever.
        rotation.order(candidates);
        table.unopened(candidates).stream().findFirst().ifPresent(candidate -> {
            rotation.tried(candidate.ni().name());
            paths.open(candidate);
        });
    }

    /** Without the extension nobody echoes a probe: the proxy's QUIC packets arriving on the socket must do. */
    @Override
    public void opened(AgentPath path, TunnelPath tunnel) {
        rotation.opened();
        if (!paths.session().extended()) {
            String name = path.interfaceName();
            var watch = QuicProgress.onSocketOf(tunnel.connection(), path.id().gateway(), () -> probes.heardOn(name));
            tunnel.connection().parent().pipeline().addFirst("quic-progress", watch);
        }
    }

    /**
     * With quicroam's extension, its echo (false); with a stock proxy (RFC 9484 §6 drops the probe's context), a
     * datagram QUIC acknowledges, answered by the proxy's next authenticated packet: liveness from QUIC itself.
     */
    @Override
    public boolean sendProbe(AgentPath path, long sequence) {
        if (paths.session().extended()) {
            return false;
        }
        probes.sendOnTunnel(path, sequence);
        return true;
    }

    @Override
    public void interfaceUsable(String interfaceName) {
        failedInterfaces.remove(interfaceName);
    }

    @Override
    public void pathState(AgentPath path, PathState state) {
        if (state != PathState.SUSPECT && state != PathState.FAILED) {
            return;
        }
        log.info("{}: path failed ({}); reconnecting", path.interfaceName(), state);
        failedInterfaces.add(path.interfaceName());
        paths.close(path);
        paths.session().forget();
        paths.openWhatIsMissing();
    }

    @Override
    public void lost(AgentPath path) {
        paths.session().forget();
    }
}
