package io.quicroam.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http3.Http3SettingIdentifier;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.ReferenceCountUtil;
import io.quicroam.masque.H3Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what the peer's SETTINGS frame said. Installed as the inbound control stream handler of the
 * HTTP/3 connection handler. RFC 9297 §2.1.1: an endpoint MUST NOT send HTTP Datagrams until it has
 * received SETTINGS_H3_DATAGRAM = 1 from its peer.
 */
@ChannelHandler.Sharable
public final class PeerSettings extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PeerSettings.class);
    private volatile boolean received;
    private volatile boolean datagramsEnabled;
    private volatile boolean connectProtocolEnabled;
    private final Runnable onReceived;

    public PeerSettings(Runnable onReceived) {
        this.onReceived = onReceived;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http3SettingsFrame settings) {
                datagramsEnabled = flag(settings, Http3SettingIdentifier.HTTP3_SETTINGS_H3_DATAGRAM.id());
                connectProtocolEnabled =
                        flag(settings, Http3SettingIdentifier.HTTP3_SETTINGS_ENABLE_CONNECT_PROTOCOL.id());
                received = true;
                onReceived.run();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * netty's SETTINGS decoder refuses a value its {@code Http3Settings} rejects (H3_DATAGRAM or
     * ENABLE_CONNECT_PROTOCOL other than 0 or 1) with an IllegalArgumentException on the control stream, and then
     * carries on as if the frame never came. RFC 9297 §2.1.1: such an H3_DATAGRAM value MUST be treated as a
     * connection error of type H3_SETTINGS_ERROR (RFC 9220 §3 likewise for ENABLE_CONNECT_PROTOCOL, RFC 8441 §3).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException
                && cause.getCause() instanceof IllegalArgumentException invalid
                && ctx.channel().parent() instanceof QuicChannel connection) {
            log.warn("peer sent an invalid SETTINGS value; closing the connection with H3_SETTINGS_ERROR");
            log.debug("invalid SETTINGS: {}", invalid.getMessage());
            HttpDatagramReceiver.closeWith(connection, H3Error.H3_SETTINGS_ERROR, "invalid SETTINGS value");
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static boolean flag(Http3SettingsFrame settings, long id) {
        Long value = settings.get(id);
        return value != null && value == 1L;
    }

    public boolean received() {
        return received;
    }

    /** True once the peer's SETTINGS arrived with H3_DATAGRAM = 1. */
    public boolean datagramsEnabled() {
        return datagramsEnabled;
    }

    /** True once the peer's SETTINGS arrived with ENABLE_CONNECT_PROTOCOL = 1 (RFC 9220 §3). */
    public boolean connectProtocolEnabled() {
        return connectProtocolEnabled;
    }
}
