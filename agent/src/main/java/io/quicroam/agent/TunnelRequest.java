package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.ConnectIpResponse;
import io.quicroam.masque.ProtocolViolation;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The agent's end of one CONNECT-IP request, whatever carries it (HTTP/3 in {@link ConnectIpStreamHandler}, HTTP/2
 * in {@link Http2StreamHandler}): the request's headers (RFC 9484 §4), the wait for a 2xx past any interim responses,
 * the check that it can start the Capsule Protocol, then the capsules (answering the proxy's ADDRESS_REQUEST, asking
 * for addresses as {@link AddressRequester} decides, taking DATAGRAM capsules as datagrams). On the stream's event
 * loop.
 */
final class TunnelRequest {
    /** What a response means for the stream. */
    enum Outcome {
        /** Interim (1xx): wait for the final response (RFC 9114 §4.1, RFC 9113 §8.1). */
        WAIT,
        /** The tunnel is open: {@link #established} completed with the path. */
        OPEN,
        /** Trailers after the tunnel opened (RFC 9114 §4.1): nothing changes; the stream ends with them. */
        TRAILERS,
        /** Refused, or not a tunnel: {@link #established} failed; close the stream. */
        REFUSED,
        /** A 2xx that cannot start the Capsule Protocol: {@link #established} failed; abort the stream as malformed. */
        MALFORMED
    }

    /** Builds the path once the proxy accepted, with what the extension's response headers said. */
    @FunctionalInterface
    interface PathFactory {
        TunnelPath create(String sessionToken, long gatewayPathId);
    }

    private final ConnectIpRequest request;
    private final Map<String, String> extraHeaders;
    private final DropCounter drops;
    private final AddressRequestConfig addressRequests;
    private final TunnelPath.Listener listener;
    final CompletableFuture<TunnelPath> established = new CompletableFuture<>();
    private TunnelPath path;
    private CapsuleReader capsules;
    private AddressRequester requester;

    TunnelRequest(
            ConnectIpRequest request,
            Map<String, String> extraHeaders,
            DropCounter drops,
            AddressRequestConfig addressRequests,
            TunnelPath.Listener listener) {
        this.request = request;
        this.extraHeaders = extraHeaders;
        this.drops = drops;
        this.addressRequests = addressRequests;
        this.listener = listener;
    }

    /** The request's fields in order, pseudo-headers first; the extra ones are never logged. */
    List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        headers.addAll(extraHeaders.entrySet());
        return headers;
    }

    boolean opened() {
        return path != null;
    }

    /**
     * A response HEADERS frame. {@code header} reads a field by lower-case name (null if absent); {@code executor}
     * is the stream's event loop, where address requests are timed.
     */
    Outcome onResponse(Function<String, String> header, PathFactory factory, EventExecutor executor) {
        if (path != null) {
            return Outcome.TRAILERS;
        }
        int code = parseStatus(header.apply(":status"));
        if (ConnectIpResponse.isInterim(code)) {
            return Outcome.WAIT;
        }
        StartupPhases.reached("CONNECT-IP response " + code);
        if (!ConnectIpResponse.isTunnelEstablished(code)) {
            established.completeExceptionally(new ConnectIpRefusedException(code));
            return Outcome.REFUSED;
        }
        String malformed = ConnectIpResponse.malformedReason(code, header::apply);
        if (malformed != null) {
            // RFC 9297 §3.2, RFC 9484 §4.5: this 2xx cannot start the Capsule Protocol; the response is malformed.
            established.completeExceptionally(new ProxyNonConformantException("malformed 2xx response: " + malformed));
            return Outcome.MALFORMED;
        }
        path = factory.create(
                header.apply(QuicroamExtension.SESSION_TOKEN), parsePathId(header.apply(QuicroamExtension.PATH_ID)));
        capsules = new CapsuleReader(CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, this::onCapsule);
        requester = new AddressRequester(
                addressRequests,
                (delay, task) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                ask -> path.sendCapsules(ask));
        established.complete(path);
        requester.established();
        return Outcome.OPEN;
    }

    /** Response body bytes (not released here): capsules; a violation goes to {@code abort} once. */
    void read(ByteBuf content, Consumer<ProtocolViolation> abort) {
        if (capsules != null) {
            capsules.read(content, abort);
        }
    }

    /** The proxy ended its side: a capsule cut short is a violation. */
    void endOfStream(Consumer<ProtocolViolation> abort) {
        if (capsules != null) {
            capsules.endOfStream(abort);
        }
    }

    private static long parsePathId(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseStatus(String status) {
        try {
            return status == null ? 0 : Integer.parseInt(status);
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
            CapsuleDatagrams.deliver(path.alloc(), datagram, this::onDatagram, drops); // RFC 9297 §3.5
        }
    }

    /** An HTTP Datagram of this request; takes ownership. */
    void onDatagram(long contextId, ByteBuf payload) {
        listener.onDatagram(path, contextId, payload);
    }

    /** The stream is gone. */
    void closed() {
        if (path != null) {
            listener.onClosed(path, null);
        } else {
            established.completeExceptionally(new IllegalStateException("stream closed before the proxy answered"));
        }
    }

    void failed(Throwable cause) {
        established.completeExceptionally(cause);
    }
}
