package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.pathmanager.time.TimeSource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Opens a path over the transport its interface is set to ({@link TransportConfig}): QUIC, HTTP/2, or auto — QUIC
 * first and, if it has not opened within {@code http2-after}, HTTP/2 beside it (as Happy Eyeballs races address
 * families, RFC 8305): the first to open carries the path, the other is closed.
 */
final class PathOpener {
    private final ConnectIpClient quic;
    private final Http2Connector http2;
    private final TransportConfig config;
    private final TimeSource time;

    /** @param http2 null when {@code config} is QUIC alone ({@link Http2Connector#ifUsed}) */
    PathOpener(ConnectIpClient quic, Http2Connector http2, TransportConfig config, TimeSource time) {
        this.quic = quic;
        this.http2 = http2;
        this.config = config;
        this.time = time;
    }

    /** How long an attempt on {@code interfaceName} may take: the race adds its head start to {@code timeout}. */
    Duration timeout(String interfaceName, Duration timeout) {
        return config.of(interfaceName) == TransportConfig.Transport.AUTO ? timeout.plus(config.http2After()) : timeout;
    }

    /** Whether {@code tunnel} runs over HTTP/2 on an {@code auto} interface only because QUIC did not open. */
    boolean http2InsteadOfQuic(String interfaceName, TunnelPath tunnel) {
        return config.of(interfaceName) == TransportConfig.Transport.AUTO && "http2".equals(tunnel.transport());
    }

    /**
     * Opens a path on {@code interfaceName}. Failing the returned future gives the attempt up: its sockets close.
     */
    CompletableFuture<TunnelPath> open(
            String interfaceName,
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> headers,
            TunnelPath.Listener listener) {
        return switch (config.of(interfaceName)) {
            case QUIC -> quic.open(local, device, remote, headers, listener);
            case HTTP2 -> http2.open(local, device, remote, headers, listener);
            case AUTO -> race(local, device, remote, headers, listener);
        };
    }

    private CompletableFuture<TunnelPath> race(
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> headers,
            TunnelPath.Listener listener) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        RaceRequests requests = new RaceRequests();
        Gate quicGate = new Gate(listener, requests);
        CompletableFuture<TunnelPath> viaQuic = quic.open(local, device, remote, headers, quicGate);
        take(viaQuic, quicGate, result);
        time.schedule(config.http2After(), () -> {
            if (result.isDone()) {
                return;
            }
            Gate http2Gate = new Gate(listener, requests);
            take(http2.open(local, device, remote, headers, http2Gate), http2Gate, result);
        });
        return result;
    }

    /**
     * The first attempt to open completes {@code result} and lets its events through; the other is given up.
     * The race fails when {@code result} is failed from outside (the open timeout), which gives every attempt up.
     */
    private static void take(CompletableFuture<TunnelPath> attempt, Gate gate, CompletableFuture<TunnelPath> result) {
        gate.attempt = attempt; // before its request: the handshake and SETTINGS come first, on the event loop
        // The race is over: an attempt still under way is given up (its connection closes, it asks nothing). Left to
        // run, a QUIC handshake lost to HTTP/2 would complete once UDP passes and offer a session of its own.
        result.whenComplete((winner, failure) ->
                attempt.completeExceptionally(failure != null ? failure : new RaceRequests.RaceLost()));
        attempt.whenComplete((tunnel, failure) -> {
            if (failure != null) {
                return; // the other may still open; the open timeout ends the race
            }
            synchronized (result) {
                if (!result.isDone()) {
                    gate.open = true;
                    result.complete(tunnel);
                    return;
                }
            }
            tunnel.close(); // lost the race after its request (RaceRequests: only once the other leg had failed)
        });
    }

    /** An attempt's events reach the path only once it won the race; its request waits for its turn. */
    private static final class Gate implements TunnelPath.Listener {
        private final TunnelPath.Listener path;
        private final RaceRequests requests;
        private volatile CompletableFuture<TunnelPath> attempt;
        private volatile boolean open;

        Gate(TunnelPath.Listener path, RaceRequests requests) {
            this.path = path;
            this.requests = requests;
        }

        @Override
        public CompletionStage<Void> mayRequest() {
            return requests.turn(attempt);
        }

        /** Either leg's request out says the network carries: the open timeout then waits for the answer. */
        @Override
        public void onRequestSent() {
            path.onRequestSent();
        }

        @Override
        public void onAddressAssign(TunnelPath tunnel, List<AssignedAddress> addresses) {
            if (open) {
                path.onAddressAssign(tunnel, addresses);
            }
        }

        @Override
        public void onRouteAdvertisement(TunnelPath tunnel, List<IpAddressRange> ranges) {
            if (open) {
                path.onRouteAdvertisement(tunnel, ranges);
            }
        }

        @Override
        public void onDatagram(TunnelPath tunnel, long contextId, ByteBuf payload) {
            if (open) {
                path.onDatagram(tunnel, contextId, payload);
            } else {
                payload.release();
            }
        }

        @Override
        public void onClosed(TunnelPath tunnel, Throwable cause) {
            if (open) {
                path.onClosed(tunnel, cause);
            }
        }
    }
}
