package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.capsule.Capsule;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * What carries a {@link TunnelPath}'s request stream: QUIC and HTTP/3 ({@link QuicCarrier}), or TCP, TLS and HTTP/2
 * for networks that block UDP ({@link Http2Carrier}).
 */
interface PathCarrier {
    /** How {@code status} names the transport. */
    String transport();

    /** Sends a payload on a context of the stream (an HTTP Datagram, RFC 9297); takes ownership. */
    void send(long contextId, ByteBuf payload);

    void sendCapsules(Capsule... capsules);

    /** Largest IP packet the path carries in one datagram now. */
    int maxPacketSize();

    /** Largest IP packet the path could carry once path MTU discovery has found all its interface allows. */
    int ceilingPacketSize();

    /** Whether datagrams go as DATAGRAM capsules on the stream (RFC 9297 §3.5), reliably and in order. */
    boolean viaCapsules();

    /** Reads the path MTU found now; completes with {@link #maxPacketSize()}. */
    CompletableFuture<Integer> refreshCapacity();

    boolean isOpen();

    InetSocketAddress remoteAddress();

    ByteBufAllocator alloc();

    /** RFC 9484 §3: closing the request stream closes the tunnel; then the connection. */
    void close();
}
