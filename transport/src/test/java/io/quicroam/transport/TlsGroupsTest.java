package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key exchange groups over real QUIC handshakes on loopback: a client and a server that both allow only the
 * post-quantum hybrid X25519MLKEM768 complete a handshake, so the group really is implemented and negotiated; a
 * PQ-only client fails against an X25519-only server, with the TLS alert, so the restriction really applies.
 */
class TlsGroupsTest {
    private static final TlsGroups PQ_ONLY = new TlsGroups(List.of("X25519MLKEM768"));
    private static final TlsGroups X25519_ONLY = new TlsGroups(List.of("X25519"));
    private final LoopbackQuic quic = new LoopbackQuic();

    @AfterEach
    void stop() {
        quic.close();
    }

    @Test
    void postQuantumOnlyEndsCompleteAHandshake() throws Exception {
        QuicChannel connection = connect(startServer(PQ_ONLY), PQ_ONLY, new CompletableFuture<>());
        assertThat(connection.isActive()).isTrue();
        connection.close().sync();
    }

    @Test
    void theDefaultOffersPostQuantumFirstAndStillReachesAnX25519OnlyServer() throws Exception {
        assertThat(TlsGroups.DEFAULT.names()).containsExactly("X25519MLKEM768", "X25519", "P-256");
        QuicChannel connection = connect(startServer(X25519_ONLY), TlsGroups.DEFAULT, new CompletableFuture<>());
        assertThat(connection.isActive()).isTrue();
        connection.close().sync();
    }

    @Test
    void aPostQuantumOnlyClientFailsAgainstAnX25519OnlyServerWithATlsAlert() throws Exception {
        InetSocketAddress server = startServer(X25519_ONLY);
        CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
        assertThatThrownBy(() -> connect(server, PQ_ONLY, closed))
                .hasRootCauseInstanceOf(QuicClosedChannelException.class);
        QuicConnectionCloseEvent event = closed.get(5, TimeUnit.SECONDS);
        assertThat(event.isTlsError()).as("closed by a TLS alert").isTrue();
        // RFC 8446 §4.1.1: no group in common is a handshake_failure (40) alert.
        assertThat(QuicConnectionCloseEvent.extractTlsError(event.error())).isEqualTo(40);
    }

    @Test
    void unknownOrRepeatedGroupsAreRefused() {
        assertThatThrownBy(() -> new TlsGroups(List.of("X25519Kyber512"))).hasMessageContaining("unknown TLS group");
        assertThatThrownBy(() -> new TlsGroups(List.of("X25519", "X25519"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new TlsGroups(List.of())).hasMessageContaining("at least one");
    }

    private InetSocketAddress startServer(TlsGroups groups) throws Exception {
        return quic.server(groups, new ChannelInboundHandlerAdapter() {
            @Override
            public boolean isSharable() {
                return true;
            }
        });
    }

    private QuicChannel connect(
            InetSocketAddress server, TlsGroups groups, CompletableFuture<QuicConnectionCloseEvent> closed)
            throws Exception {
        return quic.connect(server, groups, new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof QuicConnectionCloseEvent close) {
                    closed.complete(close);
                }
                ctx.fireUserEventTriggered(event);
            }
        });
    }
}
