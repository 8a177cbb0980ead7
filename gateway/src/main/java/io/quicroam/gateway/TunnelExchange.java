package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.ConnectIpResponse;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.transport.CapsuleDatagrams;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CONNECT-IP request on the gateway, whatever carries it (HTTP/3 in {@link ConnectIpRequestHandler}, HTTP/2 in
 * {@link Http2RequestHandler}): validates and authenticates it (RFC 9484 §4), opens or joins a session, answers with
 * addresses and routes (§4.7), then takes the path's capsules and datagrams until the stream ends. The transport's
 * handler owns only its framing and how it aborts a stream; everything a session is made of happens here, on the
 * stream's event loop.
 */
final class TunnelExchange {
    private static final Logger log = LoggerFactory.getLogger(TunnelExchange.class);

    /** What to answer the request with. */
    sealed interface Answer {
        /** The request is refused with {@code status}; {@code headers} are the response's other fields. */
        record Refused(int status, List<Map.Entry<String, String>> headers) implements Answer {}

        /**
         * The tunnel is open: answer 200 with {@code headers} (no pseudo-headers), then send {@code capsules} (the
         * first ADDRESS_ASSIGN and ROUTE_ADVERTISEMENT) on the stream.
         */
        record Opened(List<Map.Entry<String, String>> headers, Capsule[] capsules) implements Answer {}
    }

    private final Gateway gateway;
    private Session session;
    private SessionPath path;
    private ScopedRoutes scope;
    private CapsuleReader capsules;
    private long skippedSoFar;

    TunnelExchange(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Decides about a request. {@code channel} makes the path the request stream becomes, once it is admitted.
     *
     * @param headers a (pseudo-)header's value by lower-case name, or null
     * @param peer    the client certificates of the connection, for mTLS
     */
    Answer open(Function<String, String> headers, Authenticator.PeerCertificates peer, Supplier<PathChannel> channel) {
        Validation validation = gateway.validator().validate(headers);
        if (validation instanceof Validation.Rejected rejected) {
            return refuse(rejected.status(), rejected.reason());
        }
        Admission admission = gateway.admit(
                headers.apply("authorization"),
                peer,
                headers.apply(QuicroamExtension.SESSION_OFFER),
                headers.apply(QuicroamExtension.JOIN));
        if (admission instanceof Admission.Refused refused) {
            return refuse(refused.status(), refused.reason());
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        path = admitted.session().attach(channel.get());
        if (path == null) {
            return refuse(403, "session ended"); // its grace time ran out since the join was admitted
        }
        session = admitted.session();
        scope = ScopedRoutes.of(gateway.routeAdvertisement(), (Validation.Accepted) validation);
        boolean extension = session.token != null;
        // RFC 9297 §3.2: on a stream that did not negotiate the extension, PATH_STATUS is a capsule of unknown type.
        capsules = new CapsuleReader(
                CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, type -> extension || type != PathStatus.TYPE, this::onCapsule);

        List<Map.Entry<String, String>> response = new ArrayList<>();
        for (Map.Entry<String, String> header : ConnectIpResponse.headers()) {
            if (!header.getKey().startsWith(":")) {
                response.add(header);
            }
        }
        if (admitted.token() != null) {
            response.add(Map.entry(QuicroamExtension.SESSION_TOKEN, admitted.token()));
            response.add(Map.entry(QuicroamExtension.PATH_ID, Long.toString(path.pathId)));
            response.add(Map.entry(
                    QuicroamExtension.GRACE,
                    Long.toString(gateway.sessionGrace().toSeconds())));
        }
        log.info("session {} path {} opened", session.id, path.pathId);
        log.debug("session {} belongs to client {}", session.id, session.client); // a name: not at INFO (privacy)
        return new Answer.Opened(
                response, new Capsule[] {new AddressAssign(session.assigned()), scope.advertisement()});
    }

    private Answer refuse(int status, String reason) {
        gateway.refused().refused(status, reason);
        // RFC 6750 §3: a request without (valid) credentials learns which scheme to use.
        return new Answer.Refused(status, status == 401 ? List.of(Map.entry("www-authenticate", "Bearer")) : List.of());
    }

    boolean opened() {
        return session != null;
    }

    /**
     * Request body bytes: capsules (not released here). A protocol violation goes to {@code abort} once; afterwards
     * (and before the tunnel opened) the bytes are ignored. False if the stream is aborted or was never opened.
     */
    boolean read(ByteBuf content, Consumer<ProtocolViolation> abort) {
        if (capsules == null) {
            return false;
        }
        boolean read = capsules.read(content, abort);
        gateway.metrics().skippedCapsules.increment(capsules.skippedUnknown() - skippedSoFar);
        skippedSoFar = capsules.skippedUnknown();
        return read;
    }

    /** The client ended its side: true if the tunnel ends cleanly, false if a capsule was cut short (aborted). */
    boolean endOfStream(Consumer<ProtocolViolation> abort) {
        return capsules != null && capsules.endOfStream(abort);
    }

    private void onCapsule(Capsule capsule) {
        if (capsule instanceof AddressRequest request) {
            List<AssignedAddress> before = session.assigned();
            AddressAssign answer = gateway.honour(session, request);
            path.stream.sendCapsules(answer);
            AddressAnnouncer.toOtherPaths(session, path, before);
        } else if (capsule instanceof PathStatus status && session.token != null) {
            gateway.pathStatus(session, path, status);
        } else if (capsule instanceof DatagramCapsule datagram) {
            // RFC 9297 §3.5: an HTTP Datagram on the stream, exactly as if it had come in a QUIC DATAGRAM frame.
            CapsuleDatagrams.deliver(path.stream.alloc(), datagram, this::onDatagram, gateway.metrics());
        } else {
            // ADDRESS_ASSIGN and ROUTE_ADVERTISEMENT from a client: we route nothing to it beyond its addresses.
            log.debug("ignored {} from client", capsule.getClass().getSimpleName());
        }
    }

    /** An HTTP Datagram of this request (takes ownership): by context ID (RFC 9484 §6). */
    void onDatagram(long contextId, ByteBuf payload) {
        path.heard();
        if (contextId == HttpDatagram.IP_PACKET_CONTEXT_ID) {
            gateway.uplink(session, scope, payload);
        } else if (contextId == QuicroamExtension.PROBE_CONTEXT_ID && session.token != null) {
            path.stream.send(QuicroamExtension.PROBE_CONTEXT_ID, payload); // echo on the path it came in on
        } else if (contextId == QuicroamExtension.SEQUENCED_IP_CONTEXT_ID && session.token != null) {
            long sequence = VarInt.read(payload);
            if (sequence < 0) {
                payload.release();
                gateway.metrics().dropped(DropReason.MALFORMED_DATAGRAM);
            } else if (!session.uplinkDuplicates.firstTime(sequence)) {
                payload.release(); // the other path brought it first
                gateway.metrics().redundantCopies.increment();
            } else {
                gateway.uplink(session, scope, payload);
            }
        } else {
            payload.release();
            gateway.metrics().dropped(DropReason.UNKNOWN_CONTEXT); // RFC 9484 §6: unknown contexts are dropped
        }
    }

    /** The request stream is gone: the session loses this path (and may enter its grace time). */
    void closed() {
        if (session != null) {
            gateway.pathClosed(session, path);
            session = null;
        }
    }
}
