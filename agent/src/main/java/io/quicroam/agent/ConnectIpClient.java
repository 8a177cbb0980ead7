package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.HttpDatagramReceiver;
import io.quicroam.transport.PeerSettings;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import io.quicroam.transport.TunnelSettings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens CONNECT-IP tunnels to one proxy: a UDP socket, a QUIC connection with HTTP/3 on it, and the extended
 * CONNECT request (RFC 9484 §4). Each {@link #open} makes one {@link TunnelPath}.
 */
public final class ConnectIpClient {
    private static final Logger log = LoggerFactory.getLogger(ConnectIpClient.class);
    private static final int HANDSHAKE_FAILURE = 40;

    private final ServerConfig server;
    private final QuicTuning tuning;
    private final EventLoopGroup group;
    private final DropCounter drops;
    private final QuicSslContext ssl;
    /** From server.token-file, or null; replaced by a reload ({@link #useTokenFile}), read by each new request. */
    private volatile String bearerToken;

    public ConnectIpClient(ServerConfig server, QuicTuning tuning, EventLoopGroup group, DropCounter drops)
            throws IOException {
        this.server = server;
        this.tuning = tuning;
        this.group = group;
        this.drops = drops;
        // RFC 9110 §4.3.4 / RFC 6125: the proxy's certificate must name the host in server.url. Set here rather
        // than left to netty's default, so no library upgrade can turn host name verification off.
        QuicSslContextBuilder builder = server.tlsGroups()
                .applyTo(QuicSslContextBuilder.forClient()
                        .applicationProtocols(Http3.supportedApplicationProtocols())
                        .endpointIdentificationAlgorithm("HTTPS"));
        if (server.caFile() != null) {
            builder.trustManager(server.caFile().toFile());
        }
        if (server.certFile() != null) {
            builder.keyManager(
                    server.keyFile().toFile(), null, server.certFile().toFile()); // mTLS
        }
        this.ssl = builder.build();
        this.bearerToken = readToken(server.tokenFile());
    }

    /**
     * Reads the bearer token from {@code tokenFile} (null: none) for the requests from now on.
     *
     * @return whether it differs from the token in use
     */
    boolean useTokenFile(Path tokenFile) throws IOException {
        String next = readToken(tokenFile);
        if (Objects.equals(next, bearerToken)) {
            return false;
        }
        bearerToken = next;
        return true;
    }

    private static String readToken(Path tokenFile) throws IOException {
        return tokenFile == null
                ? null
                : Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    }

    public ServerConfig server() {
        return server;
    }

    /**
     * Connects from {@code local} (null: any) to {@code remote} and asks for a tunnel.
     *
     * @param extraHeaders request headers beyond RFC 9484's (for extensions); never logged
     */
    public CompletableFuture<TunnelPath> open(
            InetSocketAddress local,
            InetSocketAddress remote,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener) {
        return open(local, null, remote, extraHeaders, listener);
    }

    /**
     * Like {@link #open(InetSocketAddress, InetSocketAddress, Map, TunnelPath.Listener)}, with the socket pinned to
     * {@code device} (SO_BINDTODEVICE) so its packets leave through that interface whatever the routing table prefers.
     */
    public CompletableFuture<TunnelPath> open(
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        QuicTuning pathTuning = tuning.withMaxUdpPayload(ceiling(device, remote));
        bindQuic(local, device, pathTuning).whenComplete((udp, bindFailure) -> {
            if (bindFailure != null) {
                result.completeExceptionally(bindFailure);
                return;
            }
            AtomicBoolean quicStarted = new AtomicBoolean();
            connect(udp, remote, pathTuning, extraHeaders, listener, result, quicStarted);
            result.whenComplete((path, failure) -> {
                if (failure != null && !quicStarted.get()) {
                    udp.close(); // else the connection closes first (CONNECTION_CLOSE), then its socket
                }
            });
        });
        return result;
    }

    /**
     * A light connection to the proxy from {@code local} on {@code device}: the QUIC handshake and HTTP/3's control
     * streams and SETTINGS, no request, no address (a standby path's measuring stick, {@link StandbyLink}). Completes
     * once the handshake is done; closing the connection closes its socket.
     */
    CompletableFuture<QuicChannel> openLight(InetSocketAddress local, String device, InetSocketAddress remote) {
        CompletableFuture<QuicChannel> result = new CompletableFuture<>();
        bindQuic(local, device, tuning.withMaxUdpPayload(ceiling(device, remote)))
                .whenComplete((udp, bindFailure) -> {
                    if (bindFailure != null) {
                        result.completeExceptionally(bindFailure);
                        return;
                    }
                    QuicChannel.newBootstrap(udp)
                            .handler(new ChannelInitializer<QuicChannel>() {
                                @Override
                                protected void initChannel(QuicChannel connection) {
                                    connection.pipeline().addLast(new Http3ClientConnectionHandler());
                                    connection.closeFuture().addListener(closed -> udp.close());
                                    result.whenComplete((ignored, failure) -> {
                                        if (failure != null) {
                                            connection.close(); // given up on: no half-open connection is left
                                        }
                                    });
                                }
                            })
                            .remoteAddress(remote)
                            .connect()
                            .addListener(connected -> {
                                if (connected.isSuccess()) {
                                    QuicChannel connection = (QuicChannel) connected.getNow();
                                    if (!result.complete(connection)) {
                                        connection.close(); // given up on while it was opening
                                    }
                                } else {
                                    udp.close();
                                    result.completeExceptionally(connected.cause());
                                }
                            });
                });
        return result;
    }

    /** A UDP socket on {@code device} with netty's QUIC client codec on it, tuned for that path. */
    private CompletableFuture<Channel> bindQuic(InetSocketAddress local, String device, QuicTuning pathTuning) {
        // The engine knows the proxy's host, so its certificate is checked against the name in server.url
        // (SNI and RFC 6125 host name verification), not only against the trust anchors.
        ChannelHandler codec = pathTuning
                .apply(Http3.newQuicClientCodecBuilder())
                .sslEngineProvider(quic -> ssl.newEngine(
                        quic.alloc(),
                        server.template().host(),
                        server.template().port()))
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(codec);
        return SocketPinning.bind(bootstrap, local == null ? new InetSocketAddress(0) : local, device);
    }

    /**
     * The largest UDP payload the path's interface carries in one packet: quiche's path MTU discovery probes up to
     * it (RFC 8899 §5.1.2: the local interface MTU bounds the search). Without a device, the configured ceiling.
     */
    private int ceiling(String device, InetSocketAddress remote) {
        boolean ipv6 = remote.getAddress() instanceof Inet6Address;
        return LinkMtu.of(device).stream()
                .map(mtu -> tuning.udpCeiling(mtu, ipv6))
                .findFirst()
                .orElse(tuning.maxUdpPayload());
    }

    /** Why the proxy ended the handshake with TLS alert {@code alert}, in the terms of agent.yaml. */
    private SSLHandshakeException tlsAlert(int alert) {
        // RFC 8446 §4.1.1: no key exchange group in common is a handshake_failure (40) alert.
        String why = alert == HANDSHAKE_FAILURE
                ? "handshake_failure: no key exchange group in common with tls.groups "
                        + server.tlsGroups().names() + ", or no common cipher suite"
                : "it may require a client certificate (server.cert-file, server.key-file)";
        return new SSLHandshakeException("the proxy closed the connection with TLS alert " + alert + ": " + why);
    }

    /** A refused proxy certificate, said so the user knows which two things to check. */
    private Throwable explained(Throwable cause) {
        if (cause instanceof SSLHandshakeException
                && String.valueOf(cause.getMessage()).contains("CERTIFICATE_VERIFY")) {
            SSLHandshakeException clear = new SSLHandshakeException("the proxy's certificate was refused: it must "
                    + "name the host '" + server.template().host() + "' of server.url and be signed by "
                    + (server.caFile() != null ? "server.ca-file" : "a CA of the system trust store")
                    + " (" + cause.getMessage() + ")");
            clear.initCause(cause);
            return clear;
        }
        return cause;
    }

    private void connect(
            Channel udp,
            InetSocketAddress remote,
            QuicTuning pathTuning,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener,
            CompletableFuture<TunnelPath> result,
            AtomicBoolean quicStarted) {
        HttpDatagramReceiver datagrams = new HttpDatagramReceiver(drops);
        CompletableFuture<Void> settingsReceived = new CompletableFuture<>();
        PeerSettings peer = new PeerSettings(() -> settingsReceived.complete(null));
        DatagramCapacity capacity = DatagramCapacity.atQuicMinimum();
        AtomicReference<Throwable> closedBecause = new AtomicReference<>();
        QuicChannel.newBootstrap(udp)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, Transports.segmentedAllocator())
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        quicStarted.set(true);
                        connection.closeFuture().addListener(closed -> {
                            // After the connection, whether or not its handshake completed (a connection that never
                            // became active fires no channelInactive).
                            udp.close();
                            // Closed before the proxy answered (by the proxy, e.g. a connection quota's
                            // CONNECTION_REFUSED): the attempt fails now, not when it times out.
                            Throwable why = closedBecause.get();
                            result.completeExceptionally(why != null ? why : new ProxyClosedException());
                        });
                        // An attempt given up on (timed out, refused) closes with CONNECTION_CLOSE: the proxy learns
                        // at once, not after its idle timeout, and ends whatever it opened for the attempt.
                        result.whenComplete((path, failure) -> {
                            if (failure != null) {
                                connection.close();
                            }
                        });
                        connection
                                .pipeline()
                                .addLast(
                                        new Http3ClientConnectionHandler(
                                                peer, null, null, TunnelSettings.client(), true),
                                        datagrams,
                                        capacity.watcher(),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                                if (event instanceof QuicConnectionCloseEvent close
                                                        && close.isTlsError()) {
                                                    // TLS 1.3: the client finishes first; a proxy that rejects our
                                                    // certificate, or shares no group with us, says so only by closing
                                                    // with a TLS alert.
                                                    closedBecause.set(tlsAlert(
                                                            QuicConnectionCloseEvent.extractTlsError(close.error())));
                                                    // Fails the open now, not when the connection attempt times out.
                                                    result.completeExceptionally(closedBecause.get());
                                                } else if (event instanceof QuicConnectionCloseEvent close) {
                                                    // RFC 9000 §10.2: the proxy ended the connection, with this code.
                                                    closedBecause.compareAndSet(
                                                            null,
                                                            new ProxyClosedException(
                                                                    close.isApplicationClose(), close.error()));
                                                }
                                                ctx.fireUserEventTriggered(event);
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                // Datagram write failures never arrive here (DatagramSender counts them
                                                // as write-failed); a real connection error closes the connection in
                                                // quiche, and channelInactive reports the path lost. No stack trace.
                                                log.debug("connection error: {}", cause.toString());
                                            }
                                        });
                    }
                })
                .remoteAddress(remote)
                .connect()
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        Throwable why = closedBecause.get();
                        result.completeExceptionally(why != null ? why : explained(connected.cause()));
                        return;
                    }
                    QuicChannel connection = (QuicChannel) connected.getNow();
                    log.debug("handshake done; waiting for the proxy's SETTINGS");
                    StartupPhases.reached("QUIC handshake");
                    // RFC 9220 §3 (RFC 8441 §3): a client must not send an extended CONNECT before the server's
                    // SETTINGS said SETTINGS_ENABLE_CONNECT_PROTOCOL = 1.
                    settingsReceived.whenComplete((ok, ignored) -> connection
                            .eventLoop()
                            .execute(() -> {
                                log.debug("the proxy's SETTINGS arrived; sending the request");
                                StartupPhases.reached("HTTP/3 SETTINGS received");
                                String refusal = SettingsCheck.refusal(peer);
                                if (refusal != null) {
                                    result.completeExceptionally(new ProxyNonConformantException(refusal));
                                    connection.close();
                                    return;
                                }
                                RequestTurn.await(
                                        listener,
                                        connection.eventLoop(),
                                        result,
                                        () -> request(
                                                connection,
                                                peer,
                                                capacity,
                                                pathTuning,
                                                datagrams,
                                                extraHeaders,
                                                listener,
                                                result,
                                                closedBecause));
                            }));
                });
    }

    /** The CONNECT-IP request for this proxy, with the bearer token and {@code extraHeaders}. */
    TunnelRequest tunnelRequest(Map<String, String> extraHeaders, TunnelPath.Listener listener) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearerToken != null) {
            headers.put("authorization", "Bearer " + bearerToken);
        }
        headers.putAll(extraHeaders);
        return new TunnelRequest(
                ConnectIpRequest.of(server.template(), server.target(), server.ipproto()),
                headers,
                drops,
                server.addressRequests(),
                listener);
    }

    private void request(
            QuicChannel connection,
            PeerSettings peer,
            DatagramCapacity capacity,
            QuicTuning pathTuning,
            HttpDatagramReceiver datagrams,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener,
            CompletableFuture<TunnelPath> result,
            AtomicReference<Throwable> closedBecause) {
        ConnectIpStreamHandler handler = new ConnectIpStreamHandler(
                tunnelRequest(extraHeaders, listener),
                datagrams,
                (stream, token, pathId) -> new TunnelPath(
                        new QuicCarrier(connection, stream, peer, drops, capacity, pathTuning.maxDatagramPayload()),
                        token,
                        pathId));
        Http3.newRequestStream(connection, handler).addListener(opened -> {
            if (opened.isSuccess()) {
                listener.onRequestSent();
            } else {
                result.completeExceptionally(opened.cause());
                connection.close();
            }
        });
        handler.established.whenComplete((path, failure) -> {
            if (failure != null) {
                Throwable why = closedBecause.get();
                result.completeExceptionally(why != null ? why : failure);
                connection.close();
            } else {
                if (path.viaCapsules()) {
                    log.info("the proxy takes no HTTP Datagrams in QUIC DATAGRAM frames: packets travel as DATAGRAM "
                            + "capsules on the request stream (RFC 9297 §3.5), reliably and more slowly");
                }
                result.complete(path);
            }
        });
    }
}
