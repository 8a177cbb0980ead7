package io.quicroam.interop.kwik;

import io.quicroam.masque.capsule.AddressAssign;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tech.kwik.core.ConnectionTerminatedEvent;
import tech.kwik.core.ConnectionTerminatedEvent.CloseReason;

/** What the Kwik proxy saw, for the tests to read: every request, packet and drop is counted here. */
public final class ProxyCounters {
    /** CONNECT-IP requests answered 2xx: sessions, as an operator would count them. */
    public final AtomicInteger sessions = new AtomicInteger();
    /** Requests refused, with the status RFC 9484 names (ConnectIpRequestValidator). */
    public final AtomicInteger refused = new AtomicInteger();

    public final AtomicLong packetsIn = new AtomicLong();
    /** The largest IP packet a client sent up, in bytes. */
    public final AtomicInteger largestPacketIn = new AtomicInteger();

    public final AtomicLong packetsOut = new AtomicLong();
    public final AtomicLong capsulesReceived = new AtomicLong();
    /** Datagrams for no open request, or with a context other than 0 (RFC 9484 §6: dropped). */
    public final AtomicLong unknownDatagrams = new AtomicLong();
    /**
     * Answers larger than a DATAGRAM frame can carry: Kwik 0.10.8 has no path MTU discovery and sends UDP payloads of
     * at most 1252 bytes (IPv4), so no IP packet much above 1230 bytes goes down (RFC 9221 §5: never fragmented).
     */
    public final AtomicLong oversize = new AtomicLong();

    public final AtomicLong streamErrors = new AtomicLong();
    /** ADDRESS_REQUEST capsules from clients (RFC 9484 §4.7.2). */
    public final AtomicLong addressRequests = new AtomicLong();
    /** Packets that came up, and went down, as DATAGRAM capsules (RFC 9297 §3.5) rather than QUIC datagrams. */
    public final AtomicLong capsulePacketsIn = new AtomicLong();

    public final AtomicLong capsulePacketsOut = new AtomicLong();
    /** The last ADDRESS_ASSIGN a client sent (its answer to {@link KwikProxy#requestAddresses()}), or null. */
    public final AtomicReference<AddressAssign> clientAssign = new AtomicReference<>();
    /** UDP packets Kwik discarded because they came from another address than the connection's (no migration). */
    public final AtomicLong fromUnknownAddress = new AtomicLong();
    /**
     * The first failure of its own code Kwik aborted a connection on ("aborted due to internal error", not a failed
     * send), or null: its receiver thread has ended and Kwik reads nothing more from that client, without a
     * CONNECTION_CLOSE (KwikAssertions).
     */
    public final AtomicReference<Throwable> internalError = new AtomicReference<>();
    /** QUIC connections the client ended with CONNECTION_CLOSE (RFC 9000 §10.2). */
    public final AtomicLong closedByClient = new AtomicLong();
    /** QUIC connections that ended otherwise: idle timeout (RFC 9000 §10.1), the proxy's own close, a lost peer. */
    public final AtomicLong endedOtherwise = new AtomicLong();

    void connectionEnded(ConnectionTerminatedEvent event) {
        boolean byClient = event.closedByPeer() && event.closeReason() == CloseReason.ImmediateClose;
        (byClient ? closedByClient : endedOtherwise).incrementAndGet();
    }

    @Override
    public String toString() {
        return "sessions=" + sessions + " refused=" + refused + " in=" + packetsIn + " largestIn=" + largestPacketIn
                + " out=" + packetsOut + " unknownDatagrams=" + unknownDatagrams + " oversize=" + oversize
                + " streamErrors=" + streamErrors + " fromUnknownAddress=" + fromUnknownAddress + " addressRequests="
                + addressRequests + " capsulePacketsIn=" + capsulePacketsIn + " capsulePacketsOut=" + capsulePacketsOut
                + " closedByClient=" + closedByClient + " endedOtherwise=" + endedOtherwise;
    }
}
