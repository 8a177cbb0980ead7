package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import java.util.List;

/**
 * One path: an interface address, its QUIC connection and CONNECT-IP stream once open.
 *
 * <p>Threads: the ID and interface never change; role and since change on the path manager's thread; the tunnel is
 * set there once and read by the packet path (volatile). The connection's callbacks arrive on its event loop and go
 * to {@link Events} as they are.
 */
final class AgentPath implements TunnelPath.Listener, UplinkForwarder.Carrier {
    /** Where a path's reports go. Called on the path's event loop: hop to the path manager's thread for path state. */
    interface Events {
        void assigned(List<AssignedAddress> addresses);

        void routed(List<IpAddressRange> ranges);

        /** Takes ownership of {@code payload}. */
        void datagram(AgentPath path, long contextId, ByteBuf payload);

        void closed(AgentPath path, String why);
    }

    private final PathId id;
    private final NetInterface ni;
    private final Events events;
    private volatile TunnelPath tunnel;
    private PathRole role = PathRole.BACKUP;
    private long sinceNanos = System.nanoTime();
    private volatile MtuFit fit = MtuFit.PENDING;
    private volatile boolean requestSent;
    private long openedAtNanos;

    AgentPath(PathId id, NetInterface ni, Events events) {
        this.id = id;
        this.ni = ni;
        this.events = events;
    }

    @Override
    public PathId id() {
        return id;
    }

    @Override
    public void onRequestSent() {
        requestSent = true;
    }

    /** Whether this path's request went out (its open attempt is waiting for the proxy's answer). */
    boolean requestSent() {
        return requestSent;
    }

    NetInterface ni() {
        return ni;
    }

    String interfaceName() {
        return ni.name();
    }

    /** The open connection and stream, or null while opening. */
    TunnelPath tunnel() {
        return tunnel;
    }

    void tunnel(TunnelPath value) {
        this.tunnel = value;
    }

    PathRole role() {
        return role;
    }

    long sinceNanos() {
        return sinceNanos;
    }

    /** The path manager's latest role for this path; a change restarts "since". */
    void role(PathRole value) {
        if (role != value) {
            role = value;
            sinceNanos = System.nanoTime();
        }
    }

    /** Whether this path carries the tunnel's packets ({@link MtuWatch}). */
    MtuFit fit() {
        return fit;
    }

    void fit(MtuFit value) {
        this.fit = value;
    }

    /** When its connection opened, on the path manager's clock. */
    long openedAt() {
        return openedAtNanos;
    }

    void openedAt(long nanos) {
        this.openedAtNanos = nanos;
    }

    /**
     * What its datagrams carry now; while path MTU discovery is still climbing, what its interface allows, so a
     * sender is not told a smaller MTU that its kernel would remember for minutes (RFC 1191 §6.3).
     */
    @Override
    public int maxPacketSize() {
        return fit == MtuFit.PENDING ? tunnel.ceilingPacketSize() : tunnel.maxPacketSize();
    }

    @Override
    public void send(long contextId, ByteBuf payload) {
        tunnel.send(contextId, payload);
    }

    @Override
    public void onAddressAssign(TunnelPath path, List<AssignedAddress> addresses) {
        events.assigned(addresses);
    }

    @Override
    public void onRouteAdvertisement(TunnelPath path, List<IpAddressRange> ranges) {
        events.routed(ranges);
    }

    @Override
    public void onDatagram(TunnelPath path, long contextId, ByteBuf payload) {
        events.datagram(this, contextId, payload);
    }

    @Override
    public void onClosed(TunnelPath path, Throwable cause) {
        TunnelPath carrying = tunnel;
        if (carrying != null && path != carrying) {
            return; // a tunnel this path left (it moved to QUIC), or one opening beside it: the path is not lost
        }
        events.closed(this, cause == null ? "closed" : cause.getMessage());
    }
}
