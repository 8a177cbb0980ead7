package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.transport.CapsuleDatagramSender;
import io.quicroam.transport.CapsuleFrames;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DatagramSender;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.HttpDatagramWriter;
import io.quicroam.transport.PeerSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One QUIC connection to the proxy and the CONNECT-IP stream on it: a path the tunnel's packets can take. */
public final class TunnelPath implements AutoCloseable {
    /** Datagrams waiting for the event loop; beyond this the path is hopelessly behind and drops. */
    private static final int SEND_QUEUE = 8192;
    /** Bytes of DATAGRAM capsules waiting for the request stream; beyond this they are dropped (counted). */
    private static final int CAPSULE_QUEUE_BYTES = 256 * 1024;

    /** What a path reports. Called on the path's event loop. */
    public interface Listener {
        /** The proxy's full current address assignment (RFC 9484 §4.7.1). */
        void onAddressAssign(TunnelPath path, List<AssignedAddress> addresses);

        /** The proxy's full current routes (RFC 9484 §4.7.3). */
        void onRouteAdvertisement(TunnelPath path, List<IpAddressRange> ranges);

        /** A datagram from the proxy on this stream (context 0: an IP packet, RFC 9484 §6); takes ownership. */
        void onDatagram(TunnelPath path, long contextId, ByteBuf payload);

        /** The stream or connection ended; {@code cause} null when we closed it. */
        void onClosed(TunnelPath path, Throwable cause);

        /** The handshake completed, the proxy's SETTINGS came and the request is on its way: the network carries. */
        default void onRequestSent() {}
    }

    private final QuicChannel connection;
    private final QuicStreamChannel stream;
    private final long quarterStreamId;
    private final PeerSettings peerSettings;
    private final DropCounter drops;
    private final DatagramSender sender;
    private final CapsuleDatagramSender capsuleSender;
    private final DatagramCapacity capacity;
    private final int ceilingPacketSize;
    private final String sessionToken;
    private final long gatewayPathId;

    /**
     * @param capacity        the connection's datagram capacity now (kept current by {@link #refreshCapacity()})
     * @param ceilingPayload  the largest datagram payload the path's interface could ever carry (its MTU)
     */
    TunnelPath(
            QuicChannel connection,
            QuicStreamChannel stream,
            PeerSettings peerSettings,
            DropCounter drops,
            DatagramCapacity capacity,
            int ceilingPayload,
            String sessionToken,
            long gatewayPathId) {
        this.sessionToken = sessionToken;
        this.gatewayPathId = gatewayPathId;
        this.connection = connection;
        this.stream = stream;
        this.quarterStreamId = HttpDatagram.quarterStreamId(stream.streamId());
        this.peerSettings = peerSettings;
        this.drops = drops;
        this.sender = new DatagramSender(connection, SEND_QUEUE, drops);
        this.capsuleSender = new CapsuleDatagramSender(stream, CAPSULE_QUEUE_BYTES, drops);
        this.capacity = capacity;
        this.ceilingPacketSize = packetSize(ceilingPayload);
    }

    /** Largest IP packet this path carries in one datagram now (as a capsule: what its interface carries). */
    public int maxPacketSize() {
        return viaCapsules() ? ceilingPacketSize : packetSize(capacity.maxPayload());
    }

    /**
     * Whether this path's datagrams go as DATAGRAM capsules on the request stream (RFC 9297 §3.5): the proxy did not
     * enable HTTP Datagrams in QUIC DATAGRAM frames (SETTINGS_H3_DATAGRAM = 1, §2.1.1) or QUIC DATAGRAM frames at
     * all (RFC 9221 §3). Only asked once the path is open, when both are known.
     */
    boolean viaCapsules() {
        return !peerSettings.datagramsEnabled() || !capacity.peerTakesDatagrams();
    }

    /** Largest IP packet this path could carry once path MTU discovery has found all its interface allows. */
    int ceilingPacketSize() {
        return ceilingPacketSize;
    }

    /** Reads the path MTU quiche found now (RFC 8899); completes with {@link #maxPacketSize()} on the event loop. */
    CompletableFuture<Integer> refreshCapacity() {
        return capacity.refresh(connection).thenApply(payload -> maxPacketSize());
    }

    private int packetSize(int datagramPayload) {
        return datagramPayload - HttpDatagram.headerLength(quarterStreamId, HttpDatagram.IP_PACKET_CONTEXT_ID);
    }

    /** Sends an IP packet (context 0, RFC 9484 §6); takes ownership. */
    public void send(ByteBuf packet) {
        send(HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
    }

    /** Sends a payload on a context of this stream; takes ownership. */
    public void send(long contextId, ByteBuf payload) {
        // The request went out only after the proxy's SETTINGS (ConnectIpClient), so what they enable is known.
        if (viaCapsules()) {
            capsuleSender.send(contextId, payload);
            return;
        }
        sender.send(HttpDatagramWriter.frame(connection.alloc(), quarterStreamId, contextId, payload));
    }

    /** The session token the proxy gave (quicroam's extension), or null from a plain RFC 9484 proxy. */
    public String sessionToken() {
        return sessionToken;
    }

    /** This path's ID within the session (extension), or -1. */
    public long gatewayPathId() {
        return gatewayPathId;
    }

    /** Sends capsules on this path's request stream. */
    public void sendCapsules(Capsule... capsules) {
        stream.writeAndFlush(CapsuleFrames.frame(stream.alloc(), capsules), stream.voidPromise());
    }

    public boolean isOpen() {
        return stream.isActive() && connection.isActive();
    }

    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) connection.remoteSocketAddress();
    }

    QuicChannel connection() {
        return connection;
    }

    QuicStreamChannel stream() {
        return stream;
    }

    @Override
    public void close() {
        // RFC 9484 §3: closing the request stream closes the tunnel; then the connection.
        stream.shutdownOutput().addListener(f -> connection.close());
    }
}
