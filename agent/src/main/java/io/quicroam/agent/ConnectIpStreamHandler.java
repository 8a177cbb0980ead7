package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.ConnectIpResponse;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.transport.CapsuleDatagrams;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.HttpDatagramReceiver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's end of a CONNECT-IP request stream: sends the request (RFC 9484 §4), waits for a 2xx past any interim
 * responses, checks it can start the Capsule Protocol, then reads capsules (answering the proxy's ADDRESS_REQUEST,
 * asking for addresses as {@link AddressRequester} decides, taking DATAGRAM capsules as datagrams) and registers for
 * the stream's datagrams.
 */
final class ConnectIpStreamHandler extends Http3RequestStreamInboundHandler {
    private final ConnectIpRequest request;
    private final Map<String, String> extraHeaders;
    private final HttpDatagramReceiver datagrams;
    private final DropCounter drops;
    private final AddressRequestConfig addressRequests;
    private final PathFactory pathFactory;
    private final TunnelPath.Listener listener;
    final CompletableFuture<TunnelPath> established = new CompletableFuture<>();
    private TunnelPath path;
    private CapsuleReader capsules;
    private AddressRequester requester;

    ConnectIpStreamHandler(
            ConnectIpRequest request,
            Map<String, String> extraHeaders,
            HttpDatagramReceiver datagrams,
            DropCounter drops,
            AddressRequestConfig addressRequests,
            PathFactory pathFactory,
            TunnelPath.Listener listener) {
        this.request = request;
        this.extraHeaders = extraHeaders;
        this.datagrams = datagrams;
        this.drops = drops;
        this.addressRequests = addressRequests;
        this.pathFactory = pathFactory;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Http3Headers headers = new DefaultHttp3Headers();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        extraHeaders.forEach(headers::add);
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (path != null) {
            return; // trailers
        }
        CharSequence status = frame.headers().status();
        int code = status == null ? 0 : parseStatus(status);
        if (ConnectIpResponse.isInterim(code)) {
            return; // RFC 9114 §4.1: interim responses come before the final one; wait for it
        }
        StartupPhases.reached("CONNECT-IP response " + code);
        if (!ConnectIpResponse.isTunnelEstablished(code)) {
            established.completeExceptionally(new ConnectIpRefusedException(code));
            ctx.close();
            return;
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        String malformed = ConnectIpResponse.malformedReason(code, name -> {
            CharSequence value = frame.headers().get(name);
            return value == null ? null : value.toString();
        });
        if (malformed != null) {
            // RFC 9297 §3.2, RFC 9484 §4.5: this 2xx cannot start the Capsule Protocol; a malformed response is a
            // stream error of type H3_MESSAGE_ERROR (RFC 9114 §4.1.2).
            established.completeExceptionally(new ProxyNonConformantException("malformed 2xx response: " + malformed));
            stream.shutdown((int) H3Error.H3_MESSAGE_ERROR.code());
            ctx.close();
            return;
        }
        CharSequence token = frame.headers().get(QuicroamExtension.SESSION_TOKEN);
        CharSequence pathId = frame.headers().get(QuicroamExtension.PATH_ID);
        path = pathFactory.create(stream, token == null ? null : token.toString(), parsePathId(pathId));
        capsules = new CapsuleReader(CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, this::onCapsule);
        datagrams.register(HttpDatagram.quarterStreamId(stream.streamId()), this::onDatagram);
        requester = new AddressRequester(
                addressRequests,
                (delay, task) -> ctx.executor().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                ask -> path.sendCapsules(ask));
        established.complete(path);
        requester.established();
    }

    /** Builds the path once the proxy accepted: its stream, and what the extension's response headers said. */
    @FunctionalInterface
    interface PathFactory {
        TunnelPath create(QuicStreamChannel stream, String sessionToken, long gatewayPathId);
    }

    private static long parsePathId(CharSequence value) {
        try {
            return value == null ? -1 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseStatus(CharSequence status) {
        try {
            return Integer.parseInt(status.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void onCapsule(Capsule capsule) {
        if (capsule instanceof AddressAssign assign) {
            requester.assigned(assign);
            listener.onAddressAssign(path, assign.addresses());
        } else if (capsule instanceof RouteAdvertisement routes) {
            listener.onRouteAdvertisement(path, routes.ranges());
        } else if (capsule instanceof AddressRequest ask) {
            // RFC 9484 §4.7.2: every Requested Address gets an Assigned Address with its Request ID; the agent has no
            // addresses to give its proxy, so each is the "not assigned" answer (0.0.0.0/32, ::/128).
            path.sendCapsules(AddressAssign.rejectingAll(ask));
        } else if (capsule instanceof DatagramCapsule datagram) {
            CapsuleDatagrams.deliver(path.stream().alloc(), datagram, this::onDatagram, drops); // RFC 9297 §3.5
        }
    }

    private void onDatagram(long contextId, ByteBuf payload) {
        listener.onDatagram(path, contextId, payload);
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        if (capsules == null) {
            frame.release();
            return;
        }
        capsules.read((QuicStreamChannel) ctx.channel(), frame);
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (capsules != null) {
            capsules.endOfStream((QuicStreamChannel) ctx.channel());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (path != null) {
            datagrams.unregister(HttpDatagram.quarterStreamId(((QuicStreamChannel) ctx.channel()).streamId()));
            listener.onClosed(path, null);
        } else {
            established.completeExceptionally(new IllegalStateException("stream closed before the proxy answered"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        established.completeExceptionally(cause);
        ctx.close();
    }
}
