package io.quicroam.gateway;

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

/**
 * One accepted CONNECT-IP request stream and the QUIC connection under it: the way downlink datagrams reach
 * the client.
 */
final class TunnelStream implements PathChannel {
    /** Bytes of DATAGRAM capsules waiting for the request stream; beyond this they are dropped (counted). */
    private static final int CAPSULE_QUEUE_BYTES = 256 * 1024;

    final QuicChannel connection;
    final QuicStreamChannel stream;
    final long quarterStreamId;
    private final PeerSettings peerSettings;
    private final DatagramCapacity capacity;
    private final DropCounter drops;
    private final DatagramSender sender;
    private final CapsuleDatagramSender capsuleSender;

    TunnelStream(QuicStreamChannel stream, PeerSettings peerSettings, DatagramCapacity capacity, DropCounter drops) {
        this.connection = (QuicChannel) stream.parent();
        this.stream = stream;
        this.quarterStreamId = HttpDatagram.quarterStreamId(stream.streamId());
        this.peerSettings = peerSettings;
        this.capacity = capacity;
        this.drops = drops;
        this.sender = new DatagramSender(connection, 8192, drops);
        this.capsuleSender = new CapsuleDatagramSender(stream, CAPSULE_QUEUE_BYTES, drops);
    }

    @Override
    public void send(long contextId, ByteBuf payload) {
        if (!peerSettings.received() || !peerSettings.datagramsEnabled() || !capacity.peerTakesDatagrams()) {
            // No HTTP Datagrams in QUIC DATAGRAM frames before or without the client's SETTINGS_H3_DATAGRAM = 1
            // (RFC 9297 §2.1.1) or its max_datagram_frame_size (RFC 9221 §3): as DATAGRAM capsules on the request
            // stream (§3.5), which the Capsule-Protocol request allows at once. A client whose SETTINGS are still on
            // the way (its control stream's packet lost or reordered) gets the first answers, not a drop.
            capsuleSender.send(contextId, payload);
            return;
        }
        sender.send(HttpDatagramWriter.frame(connection.alloc(), quarterStreamId, contextId, payload));
    }

    @Override
    public void sendCapsules(Capsule... capsules) {
        stream.writeAndFlush(CapsuleFrames.frame(stream.alloc(), capsules));
    }

    @Override
    public int maxPayload(long contextId) {
        return capacity.maxPayload() - HttpDatagram.headerLength(quarterStreamId, contextId);
    }

    /** Follows what the connection's path MTU discovery has found ({@link DatagramCapacity#refresh}). */
    @Override
    public void refreshCapacity() {
        capacity.refresh(connection);
    }

    @Override
    public boolean isOpen() {
        return stream.isActive() && connection.isActive();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public ByteBufAllocator alloc() {
        return connection.alloc();
    }
}
