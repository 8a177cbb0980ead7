package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.IpAddressRange;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A CONNECT-IP request stream to the proxy, over QUIC ({@link QuicCarrier}) or HTTP/2 ({@link Http2Carrier}): a path
 * the tunnel's packets can take.
 */
public final class TunnelPath implements AutoCloseable {
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

        /**
         * Asked once the connection may send its request (RFC 9220 §3: the proxy's SETTINGS are in): the request goes
         * when the returned stage completes; failed, the attempt is given up without asking the proxy anything.
         */
        default CompletionStage<Void> mayRequest() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final PathCarrier carrier;
    private final String sessionToken;
    private final long gatewayPathId;

    TunnelPath(PathCarrier carrier, String sessionToken, long gatewayPathId) {
        this.carrier = carrier;
        this.sessionToken = sessionToken;
        this.gatewayPathId = gatewayPathId;
    }

    /** Largest IP packet this path carries in one datagram now (as a capsule: what its interface carries). */
    public int maxPacketSize() {
        return carrier.maxPacketSize();
    }

    /** Whether this path's datagrams go as DATAGRAM capsules on the request stream (RFC 9297 §3.5). */
    boolean viaCapsules() {
        return carrier.viaCapsules();
    }

    /** Largest IP packet this path could carry once path MTU discovery has found all its interface allows. */
    int ceilingPacketSize() {
        return carrier.ceilingPacketSize();
    }

    /** Reads the path MTU found now (RFC 8899); completes with {@link #maxPacketSize()} on the event loop. */
    CompletableFuture<Integer> refreshCapacity() {
        return carrier.refreshCapacity();
    }

    /** Sends an IP packet (context 0, RFC 9484 §6); takes ownership. */
    public void send(ByteBuf packet) {
        send(HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
    }

    /** Sends a payload on a context of this stream; takes ownership. */
    public void send(long contextId, ByteBuf payload) {
        carrier.send(contextId, payload);
    }

    /** {@code quic} or {@code http2}: what carries this path. */
    public String transport() {
        return carrier.transport();
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
        carrier.sendCapsules(capsules);
    }

    public boolean isOpen() {
        return carrier.isOpen();
    }

    public InetSocketAddress remoteAddress() {
        return carrier.remoteAddress();
    }

    ByteBufAllocator alloc() {
        return carrier.alloc();
    }

    /** The QUIC connection under this path, or null over HTTP/2. */
    QuicChannel connection() {
        return carrier instanceof QuicCarrier quic ? quic.connection : null;
    }

    /** The QUIC request stream of this path, or null over HTTP/2. */
    QuicStreamChannel stream() {
        return carrier instanceof QuicCarrier quic ? quic.stream : null;
    }

    @Override
    public void close() {
        carrier.close();
    }
}
