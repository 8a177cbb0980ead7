package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.capsule.Capsule;

/**
 * How one path of a session reaches its client: a request stream over QUIC and HTTP/3 ({@link TunnelStream}) or over
 * TCP, TLS and HTTP/2 ({@link Http2TunnelStream}). Sessions, joins and downlink see only this.
 */
interface PathChannel {
    /** Sends an HTTP Datagram on this stream's context; takes ownership of {@code payload}. Any thread. */
    void send(long contextId, ByteBuf payload);

    /** Writes capsules on the request stream (RFC 9297 §3.1). Any thread. */
    void sendCapsules(Capsule... capsules);

    /** The largest payload a datagram on {@code contextId} carries on this path now. */
    int maxPayload(long contextId);

    /** Follows what the path's MTU discovery has found, where it has any. */
    void refreshCapacity();

    boolean isOpen();

    /** Ends the request stream (RFC 9484 §3: closing the stream closes the tunnel). */
    void close();

    ByteBufAllocator alloc();
}
