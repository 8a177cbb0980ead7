package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Opens a path over the transport its interface is set to ({@link TransportConfig}): QUIC, HTTP/2, or auto — QUIC
 * first and, if it has not opened within {@code http2-after}, HTTP/2 beside it (as Happy Eyeballs races address
 * families, RFC 8305): the first to open carries the path, the other is closed.
 */
final class PathOpener {
    private final ConnectIpClient quic;
    private final StaggeredHandshakes handshakes;
    private final Http2Connector http2;
    private final TransportConfig config;
    private final TimeSource time;

    /** @param http2 null when {@code config} is QUIC alone ({@link Http2Connector#ifUsed}) */
    PathOpener(ConnectIpClient quic, Http2Connector http2, TransportConfig config, TimeSource time) {
        this.quic = quic;
        this.handshakes = new StaggeredHandshakes(quic, time);
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
     * Opens a path on {@code interfaceName}; over QUIC alone with staggered handshakes while {@code outage} says so
     * ({@link StaggeredHandshakes}). Failing the returned future gives the attempt up: its sockets close.
     */
    CompletableFuture<TunnelPath> open(
            String interfaceName,
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> headers,
            TunnelPath.Listener listener,
            BooleanSupplier outage) {
        return switch (config.of(interfaceName)) {
            case QUIC -> handshakes.open(local, device, remote, headers, listener, outage);
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
        RaceRequests requests = new RaceRequests(false);
        RaceLeg quicLeg = new RaceLeg(listener, requests);
        // A leg's failure leaves the other to open; the open timeout ends the race.
        quicLeg.take(quic.open(local, device, remote, headers, quicLeg), result, failure -> {});
        time.schedule(config.http2After(), () -> {
            if (result.isDone()) {
                return;
            }
            RaceLeg http2Leg = new RaceLeg(listener, requests);
            http2Leg.take(http2.open(local, device, remote, headers, http2Leg), result, failure -> {});
        });
        return result;
    }
}
