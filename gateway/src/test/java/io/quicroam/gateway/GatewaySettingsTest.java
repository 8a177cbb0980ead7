package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 9297 §2.1.1: SETTINGS_H3_DATAGRAM other than 0 or 1 is a connection error of type H3_SETTINGS_ERROR. The
 * client here writes its control stream byte by byte, as no HTTP/3 library would let it send that value.
 */
class GatewaySettingsTest {

    @Test
    void anH3DatagramSettingOtherThanZeroOrOneClosesTheConnectionWithSettingsError() throws Exception {
        EventLoopGroup group = Transports.group(1, "raw-h3-client");
        try (GatewayOnLoopback gateway = GatewayOnLoopback.start(List.of(IpPrefix.parse("0.0.0.0/0")), false)) {
            CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
            Channel udp = new Bootstrap()
                    .group(group)
                    .channel(Transports.datagramChannel())
                    .handler(QuicTuning.defaults()
                            .apply(Http3.newQuicClientCodecBuilder())
                            .sslContext(QuicSslContextBuilder.forClient()
                                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                    .applicationProtocols(Http3.supportedApplicationProtocols())
                                    .build())
                            .build())
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            QuicChannel connection = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                            if (event instanceof QuicConnectionCloseEvent close) {
                                closed.complete(close);
                            }
                        }
                    })
                    .remoteAddress(gateway.address())
                    .connect()
                    .get(5, TimeUnit.SECONDS);
            QuicStreamChannel control = connection
                    .createStream(QuicStreamType.UNIDIRECTIONAL, new ChannelInboundHandlerAdapter())
                    .get(5, TimeUnit.SECONDS);
            // Stream type 0x00 (control, RFC 9114 §6.2.1); SETTINGS (type 0x04, length 2): H3_DATAGRAM (0x33) = 2.
            control.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0x00, 0x04, 0x02, 0x33, 0x02}));

            QuicConnectionCloseEvent close = closed.get(5, TimeUnit.SECONDS);
            assertThat(close.isApplicationClose()).isTrue();
            assertThat((long) close.error()).isEqualTo(H3Error.H3_SETTINGS_ERROR.code());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
