package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.Capsule;

/**
 * One CONNECT-IP request of a test client, whatever carries it ({@link TestTransport}): its response, the capsules
 * that came back, and HTTP Datagrams both ways (QUIC DATAGRAM frames over HTTP/3, DATAGRAM capsules over HTTP/2).
 */
interface TestTunnel {
    String status() throws Exception;

    /** A response header, or null. */
    String header(String name) throws Exception;

    /** The next capsule of {@code type} within the wait (others before it are passed over), or null. */
    <T extends Capsule> T next(Class<T> type) throws InterruptedException;

    void send(Capsule capsule);

    /** Request body bytes as they are: a capsule the test made by hand. */
    void sendRaw(ByteBuf bytes);

    /** Sends an HTTP Datagram of this request (RFC 9297 §2.1); takes ownership of {@code payload}. */
    void datagram(long contextId, ByteBuf payload);

    /** The next HTTP Datagram of this request within the wait, from its Context ID on; or null. */
    ByteBuf nextDatagram() throws InterruptedException;
}
