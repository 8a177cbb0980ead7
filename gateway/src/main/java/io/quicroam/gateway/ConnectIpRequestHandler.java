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
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.transport.CapsuleFrames;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HttpDatagramReceiver;
import io.quicroam.transport.PeerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One request stream on the gateway: validates and authenticates the CONNECT-IP request (RFC 9484 §4),
 * opens a session, answers with addresses and routes (§4.7), then carries the session's capsules and
 * datagrams until the stream ends.
 */
final class ConnectIpRequestHandler extends Http3RequestStreamInboundHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectIpRequestHandler.class);

    private final Gateway gateway;
    private final PeerSettings peerSettings;
    private final HttpDatagramReceiver datagrams;
    private CapsuleReader capsules;
    private Session session;
    private TunnelStream tunnel;

    ConnectIpRequestHandler(Gateway gateway, PeerSettings peerSettings, HttpDatagramReceiver datagrams) {
        this.gateway = gateway;
        this.peerSettings = peerSettings;
        this.datagrams = datagrams;
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
            return;
        }
        Gateway.Admission admission = gateway.admit(headers.get("authorization"), (QuicStreamChannel) ctx.channel());
        if (admission instanceof Gateway.Admission.Refused refused) {
            reject(ctx, refused.status(), refused.reason());
            return;
        }
        session = ((Gateway.Admission.Admitted) admission).session();
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        tunnel = new TunnelStream(stream, peerSettings, gateway.metrics());
        session.attach(tunnel);
        capsules = new CapsuleReader(CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, capsule -> onCapsule(ctx, capsule));
        datagrams.register(tunnel.quarterStreamId, this::onDatagram);

        Http3Headers response = new DefaultHttp3Headers().status("200");
        for (Map.Entry<String, String> header : io.quicroam.masque.ConnectIpResponse.headers()) {
            if (!header.getKey().startsWith(":")) {
                response.add(header.getKey(), header.getValue());
            }
        }
        ctx.write(new DefaultHttp3HeadersFrame(response));
        ctx.writeAndFlush(CapsuleFrames.frame(ctx.alloc(), new AddressAssign(session.assigned()),
                gateway.routeAdvertisement()));
        log.info("session {} opened for client {}", session.id, session.client);
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

    private long skippedSoFar;

    private void onCapsule(ChannelHandlerContext ctx, Capsule capsule) {
        if (capsule instanceof AddressRequest request) {
            AddressAssign answer = gateway.honour(session, request);
            ctx.writeAndFlush(CapsuleFrames.frame(ctx.alloc(), answer));
        } else {
            // ADDRESS_ASSIGN and ROUTE_ADVERTISEMENT from a client: we route nothing to it beyond its addresses.
            log.debug("ignored {} from client", capsule.getClass().getSimpleName());
        }
    }

    private void onDatagram(long contextId, ByteBuf payload) {
        if (contextId != HttpDatagram.IP_PACKET_CONTEXT_ID) {
            payload.release();
            gateway.metrics().dropped(DropReason.UNKNOWN_CONTEXT); // RFC 9484 §6: unknown contexts are dropped
            return;
        }
        gateway.uplink(session, payload);
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (capsules != null && capsules.endOfStream((QuicStreamChannel) ctx.channel())) {
            ctx.close(); // the client ended the tunnel (RFC 9484 §3: closing the stream closes the tunnel)
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            datagrams.unregister(tunnel.quarterStreamId);
            session.detach(tunnel);
            gateway.streamClosed(session);
            session = null;
        }
        ctx.fireChannelInactive();
    }

    private void reject(ChannelHandlerContext ctx, int status, String reason) {
        gateway.metrics().rejected.increment();
        log.info("CONNECT-IP request rejected with {}: {}", status, reason);
        Http3Headers headers = new DefaultHttp3Headers().status(Integer.toString(status));
        if (status == 401) {
            headers.add("www-authenticate", "Bearer"); // RFC 6750 §3
        }
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
    }
}
