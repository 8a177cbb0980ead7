package io.quicroam.agent;

import io.quicroam.testkit.LoopbackRelay;
import io.quicroam.testkit.LoopbackRelay.Client;
import io.quicroam.testkit.LoopbackRelay.Direction;
import io.quicroam.testkit.LoopbackRelay.Verdict;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network in front of a proxy that is slow to answer once connected (a {@link LoopbackRelay} hook): the QUIC
 * handshake goes through at once, but what the proxy sends after it reaches the client {@code delay} late. Once the
 * client sent a 1-RTT packet (its handshake is complete: RFC 9001 §4.1.1), every datagram of the proxy's that starts
 * with a short-header packet (RFC 9000 §17.3: header form bit 0, 1-RTT) is held back; before that, and for any
 * long-header datagram, nothing is (the proxy's 0.5-RTT data may ride with its handshake flight). Only the first
 * {@code slowConnections} client sockets are slowed; later ones pass untouched.
 */
final class SlowAnswers implements LoopbackRelay.Hook {
    private static final int HEADER_FORM = 0x80;

    private final Duration delay;
    private final int slowConnections;
    private final Set<InetSocketAddress> handshakeDone = ConcurrentHashMap.newKeySet();
    private volatile boolean fast;

    SlowAnswers(Duration delay, int slowConnections) {
        this.delay = delay;
        this.slowConnections = slowConnections;
    }

    /** From now on nothing is held back (what was already held still arrives late). */
    void fast() {
        fast = true;
    }

    @Override
    public Verdict onDatagram(Direction direction, Client client, byte[] datagram) {
        if (!shortHeader(datagram[0])) {
            return Verdict.PASS;
        }
        if (direction == Direction.UP) {
            handshakeDone.add(client.address());
            return Verdict.PASS;
        }
        boolean slow = !fast && client.index() <= slowConnections && handshakeDone.contains(client.address());
        return slow ? Verdict.holdFor(delay) : Verdict.PASS;
    }

    private static boolean shortHeader(byte first) {
        return (first & HEADER_FORM) == 0;
    }
}
