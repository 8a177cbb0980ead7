package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.transport.CapsuleDatagramSender;
import io.quicroam.transport.CapsuleFrames;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DatagramSender;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.HttpDatagramWriter;
import io.quicroam.transport.PeerSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** One QUIC connection to the proxy and the CONNECT-IP stream on it. */
final class QuicCarrier implements PathCarrier {
    /** Datagrams waiting for the event loop; beyond this the path is hopelessly behind and drops. */
    private static final int SEND_QUEUE = 8192;
    /** Bytes of DATAGRAM capsules waiting for the request stream; beyond this they are dropped (counted). */
    private static final int CAPSULE_QUEUE_BYTES = 256 * 1024;

    final QuicChannel connection;
    final QuicStreamChannel stream;
    private final long quarterStreamId;
    private final PeerSettings peerSettings;
    private final DatagramSender sender;
    private final CapsuleDatagramSender capsuleSender;
    private final DatagramCapacity capacity;
    private final int ceilingPacketSize;

    /**
     * @param capacity        the connection's datagram capacity now (kept current by {@link #refreshCapacity()})
     * @param ceilingPayload  the largest datagram payload the path's interface could ever carry (its MTU)
     */
    QuicCarrier(
            QuicChannel connection,
            QuicStreamChannel stream,
            PeerSettings peerSettings,
            DropCounter drops,
            DatagramCapacity capacity,
            int ceilingPayload) {
        this.connection = connection;
        this.stream = stream;
        this.quarterStreamId = HttpDatagram.quarterStreamId(stream.streamId());
        this.peerSettings = peerSettings;
        this.sender = new DatagramSender(connection, SEND_QUEUE, drops);
        this.capsuleSender = new CapsuleDatagramSender(stream, CAPSULE_QUEUE_BYTES, drops);
        this.capacity = capacity;
        this.ceilingPacketSize = packetSize(ceilingPayload);
    }

    @Override
    public String transport() {
        return "quic";
    }

    /** As a capsule: what its interface carries. */
    @Override
    public int maxPacketSize() {
        return viaCapsules() ? ceilingPacketSize : packetSize(capacity.maxPayload());
    }

    /**
     * The proxy did not enable HTTP Datagrams in QUIC DATAGRAM frames (SETTINGS_H3_DATAGRAM = 1, RFC 9297 §2.1.1) or
     * QUIC DATAGRAM frames at all (RFC 9221 §3). Only asked once the path is open, when both are known.
     */
    @Override
    public boolean viaCapsules() {
        return !peerSettings.datagramsEnabled() || !capacity.peerTakesDatagrams();
    }

    @Override
    public int ceilingPacketSize() {
        return ceilingPacketSize;
    }

    /** Reads the path MTU quiche found now (RFC 8899), on the event loop. */
    @Override
    public CompletableFuture<Integer> refreshCapacity() {
        return capacity.refresh(connection).thenApply(payload -> maxPacketSize());
    }

    private int packetSize(int datagramPayload) {
        return datagramPayload - HttpDatagram.headerLength(quarterStreamId, HttpDatagram.IP_PACKET_CONTEXT_ID);
    }

    @Override
    public void send(long contextId, ByteBuf payload) {
        // The request went out only after the proxy's SETTINGS (ConnectIpClient), so what they enable is known.
        if (viaCapsules()) {
            capsuleSender.send(contextId, payload);
            return;
        }
        sender.send(HttpDatagramWriter.frame(connection.alloc(), quarterStreamId, contextId, payload));
    }

    @Override
    public void sendCapsules(Capsule... capsules) {
        stream.writeAndFlush(CapsuleFrames.frame(stream.alloc(), capsules), stream.voidPromise());
    }

    @Override
    public boolean isOpen() {
        return stream.isActive() && connection.isActive();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) connection.remoteSocketAddress();
    }

    @Override
    public ByteBufAllocator alloc() {
        return stream.alloc();
    }

    @Override
    public void close() {
        stream.shutdownOutput().addListener(f -> connection.close());
    }
}
