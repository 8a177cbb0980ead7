package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.ConnectIpResponse;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
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
import io.quicroam.transport.CapsuleFrames;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HttpDatagramReceiver;
import io.quicroam.transport.PeerSettings;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request stream on the gateway: validates and authenticates the CONNECT-IP request (RFC 9484 §4), opens or
 * joins a session, answers with addresses and routes (§4.7), then carries the path's capsules and datagrams until
 * the stream ends.
 */
final class ConnectIpRequestHandler extends Http3RequestStreamInboundHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectIpRequestHandler.class);
    /** The status of a malformed request (RFC 9484 §4.4, RFC 9114 §4.1.2): see ConnectIpRequestValidator. */
    private static final int MALFORMED = 400;

    private final Gateway gateway;
    private final PeerSettings peerSettings;
    private final HttpDatagramReceiver datagrams;
    private final DatagramCapacity capacity;
    private CapsuleReader capsules;
    private Session session;
    private SessionPath path;
    private ScopedRoutes scope;
    private long skippedSoFar;
    /** Quarter stream ID of a refused request whose datagrams abort it (RFC 9297 §2.1), or -1. */
    private long refusedDatagrams = -1;

    ConnectIpRequestHandler(
            Gateway gateway, PeerSettings peerSettings, HttpDatagramReceiver datagrams, DatagramCapacity capacity) {
        this.gateway = gateway;
        this.peerSettings = peerSettings;
        this.datagrams = datagrams;
        this.capacity = capacity;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (session != null) {
            return; // trailers; nothing to do
        }
        Http3Headers headers = frame.headers();
        Validation validation = gateway.validator().validate(name -> {
            CharSequence value = headers.get(name);
            return value == null ? null : value.toString();
        });
        if (validation instanceof Validation.Rejected rejected) {
            reject(ctx, rejected.status(), rejected.reason());
            if (!DatagramSemantics.defined(headers)) {
                abortOnDatagram(ctx);
            }
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        Admission admission = gateway.admit(
                headers.get("authorization"),
                stream,
                headers.get(QuicroamExtension.SESSION_OFFER),
                headers.get(QuicroamExtension.JOIN));
        if (admission instanceof Admission.Refused refused) {
            reject(ctx, refused.status(), refused.reason());
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        TunnelStream tunnel = new TunnelStream(stream, peerSettings, capacity, gateway.metrics());
        path = admitted.session().attach(tunnel);
        if (path == null) {
            reject(ctx, 403, "session ended"); // its grace time ran out since the join was admitted
            return;
        }
        session = admitted.session();
        scope = ScopedRoutes.of(gateway.routeAdvertisement(), (Validation.Accepted) validation);
        boolean extension = session.token != null;
        // RFC 9297 §3.2: on a stream that did not negotiate the extension, PATH_STATUS is a capsule of unknown type.
        capsules = new CapsuleReader(
                CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH,
                type -> extension || type != PathStatus.TYPE,
                capsule -> onCapsule(ctx, capsule));
        datagrams.register(tunnel.quarterStreamId, this::onDatagram);

        Http3Headers response = new DefaultHttp3Headers().status("200");
        for (Map.Entry<String, String> header : ConnectIpResponse.headers()) {
            if (!header.getKey().startsWith(":")) {
                response.add(header.getKey(), header.getValue());
            }
        }
        if (admitted.token() != null) {
            response.add(QuicroamExtension.SESSION_TOKEN, admitted.token());
            response.add(QuicroamExtension.PATH_ID, Long.toString(path.pathId));
            response.add(
                    QuicroamExtension.GRACE,
                    Long.toString(gateway.sessionGrace().toSeconds()));
        }
        ctx.write(new DefaultHttp3HeadersFrame(response));
        ctx.writeAndFlush(
                CapsuleFrames.frame(ctx.alloc(), new AddressAssign(session.assigned()), scope.advertisement()));
        log.info("session {} path {} opened", session.id, path.pathId);
        log.debug("session {} belongs to client {}", session.id, session.client); // a name: not at INFO (privacy)
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        if (capsules == null) {
            frame.release(); // body of a rejected request
            return;
        }
        capsules.read((QuicStreamChannel) ctx.channel(), frame);
        gateway.metrics().skippedCapsules.increment(capsules.skippedUnknown() - skippedSoFar);
        skippedSoFar = capsules.skippedUnknown();
    }

    private void onCapsule(ChannelHandlerContext ctx, Capsule capsule) {
        if (capsule instanceof AddressRequest request) {
            List<AssignedAddress> before = session.assigned();
            AddressAssign answer = gateway.honour(session, request);
            ctx.writeAndFlush(CapsuleFrames.frame(ctx.alloc(), answer));
            AddressAnnouncer.toOtherPaths(session, path, before);
        } else if (capsule instanceof PathStatus status && session.token != null) {
            gateway.pathStatus(session, path, status);
        } else if (capsule instanceof DatagramCapsule datagram) {
            // RFC 9297 §3.5: an HTTP Datagram on the stream, exactly as if it had come in a QUIC DATAGRAM frame.
            CapsuleDatagrams.deliver(ctx.alloc(), datagram, this::onDatagram, gateway.metrics());
        } else {
            // ADDRESS_ASSIGN and ROUTE_ADVERTISEMENT from a client: we route nothing to it beyond its addresses.
            log.debug("ignored {} from client", capsule.getClass().getSimpleName());
        }
    }

    private void onDatagram(long contextId, ByteBuf payload) {
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

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (capsules != null && capsules.endOfStream((QuicStreamChannel) ctx.channel())) {
            ctx.close(); // the client ended the tunnel (RFC 9484 §3: closing the stream closes the tunnel)
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (refusedDatagrams >= 0) {
            datagrams.unregister(refusedDatagrams);
        }
        if (session != null) {
            datagrams.unregister(path.stream.quarterStreamId);
            gateway.pathClosed(session, path);
            session = null;
        }
        ctx.fireChannelInactive();
    }

    private void reject(ChannelHandlerContext ctx, int status, String reason) {
        gateway.refused().refused(status, reason);
        Http3Headers headers = new DefaultHttp3Headers().status(Integer.toString(status));
        if (status == 401) {
            headers.add("www-authenticate", "Bearer"); // RFC 6750 §3
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (status == MALFORMED) {
            // RFC 9114 §4.1.2: a malformed request is a stream error of type H3_MESSAGE_ERROR. The status goes first,
            // for a client that reads it before it sees the reset.
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers))
                    .addListener(sent -> stream.shutdown((int) H3Error.H3_MESSAGE_ERROR.code()));
        } else {
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }

    /**
     * RFC 9297 §2.1: a datagram for a request whose method and protocol define no HTTP Datagrams (a GET, a classic
     * CONNECT) aborts that stream with H3_DATAGRAM_ERROR.
     */
    private void abortOnDatagram(ChannelHandlerContext ctx) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        refusedDatagrams = HttpDatagram.quarterStreamId(stream.streamId());
        datagrams.register(refusedDatagrams, (contextId, payload) -> {
            payload.release();
            gateway.metrics().dropped(DropReason.NO_DATAGRAM_SEMANTICS);
            datagrams.unregister(refusedDatagrams);
            log.debug("datagram on a request stream without datagram semantics: aborting it with H3_DATAGRAM_ERROR");
            // The response went out whole; what is left to abort is reading (STOP_SENDING, RFC 9000 §3.5).
            stream.shutdownInput((int) H3Error.H3_DATAGRAM_ERROR.code());
            if (!stream.isOutputShutdown()) {
                stream.shutdownOutput((int) H3Error.H3_DATAGRAM_ERROR.code());
            }
        });
    }
}
