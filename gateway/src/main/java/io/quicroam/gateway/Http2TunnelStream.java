package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.Http2CapsuleWriter;
import io.quicroam.transport.Http2Tunnels;

/**
 * One accepted CONNECT-IP request stream over HTTP/2: downlink datagrams as DATAGRAM capsules on it (RFC 9297 §3.5;
 * HTTP/2 has no unreliable datagrams), at most {@link Http2Tunnels#CAPSULE_QUEUE_BYTES} waiting for the TCP socket.
 */
final class Http2TunnelStream implements PathChannel {
    private final Http2StreamChannel stream;
    private final Http2CapsuleWriter writer;

    Http2TunnelStream(Http2StreamChannel stream, DropCounter drops) {
        this.stream = stream;
        this.writer = new Http2CapsuleWriter(stream, Http2Tunnels.CAPSULE_QUEUE_BYTES, drops);
    }

    @Override
    public void send(long contextId, ByteBuf payload) {
        writer.send(contextId, payload);
    }

    @Override
    public void sendCapsules(Capsule... capsules) {
        writer.sendCapsules(capsules);
    }

    /** No QUIC datagram to fit: the capsule takes any packet the tunnel is made for. */
    @Override
    public int maxPayload(long contextId) {
        return Http2Tunnels.MAX_IP_PACKET;
    }

    @Override
    public void refreshCapacity() {
        // TCP finds its own path MTU; a capsule's size does not depend on it.
    }

    @Override
    public boolean isOpen() {
        return stream.isActive() && stream.parent().isActive();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public ByteBufAllocator alloc() {
        return stream.alloc();
    }
}
