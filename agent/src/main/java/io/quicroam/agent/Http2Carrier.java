package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.Http2CapsuleWriter;
import io.quicroam.transport.Http2Tunnels;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One TCP connection to the proxy with TLS and HTTP/2, and the CONNECT-IP stream on it (RFC 9484 §4 with RFC 8441's
 * extended CONNECT): the path for a network that blocks UDP. Every datagram is a DATAGRAM capsule on the stream
 * (RFC 9297 §3.5), at most {@link Http2Tunnels#CAPSULE_QUEUE_BYTES} of them waiting for the socket (TCP in TCP).
 */
final class Http2Carrier implements PathCarrier {
    private final Http2StreamChannel stream;
    private final Http2CapsuleWriter writer;

    Http2Carrier(Http2StreamChannel stream, DropCounter drops) {
        this.stream = stream;
        this.writer = new Http2CapsuleWriter(stream, Http2Tunnels.CAPSULE_QUEUE_BYTES, drops);
    }

    @Override
    public String transport() {
        return "http2";
    }

    @Override
    public void send(long contextId, ByteBuf payload) {
        writer.send(contextId, payload);
    }

    @Override
    public void sendCapsules(Capsule... capsules) {
        writer.sendCapsules(capsules);
    }

    /** No datagram frame to fit: TCP segments what it carries. */
    @Override
    public int maxPacketSize() {
        return Http2Tunnels.MAX_IP_PACKET;
    }

    @Override
    public int ceilingPacketSize() {
        return Http2Tunnels.MAX_IP_PACKET;
    }

    @Override
    public boolean viaCapsules() {
        return true;
    }

    @Override
    public CompletableFuture<Integer> refreshCapacity() {
        return CompletableFuture.completedFuture(maxPacketSize());
    }

    @Override
    public boolean isOpen() {
        return stream.isActive() && stream.parent().isActive();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) stream.parent().remoteAddress();
    }

    @Override
    public ByteBufAllocator alloc() {
        return stream.alloc();
    }

    @Override
    public void close() {
        stream.close().addListener(f -> stream.parent().close());
    }
}
