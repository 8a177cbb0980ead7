package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;

/**
 * The last datagram a QUIC connection sent, sent once more on request (#13 goal 4, migrate mode). After an outage
 * quiche sends nothing new until its probe timeout, backed off to seconds by then (RFC 9002 §6.2.1), so neither a
 * probe's DATAGRAM frame nor a light connection's STREAM frame leaves before it: the networks were back and the
 * connections sat silent (silent-both: 0.4 s to 4 s; once long enough for the agent to give the session up). The
 * same bytes again are either a duplicate the proxy discards (packet numbers are never reused, RFC 9000 §12.3), or,
 * lost the first time, a packet it acknowledges at once: that ACK ends quiche's backoff (RFC 9002 §6.2.1 resets it on
 * an acknowledgement) and proves the path ({@link QuicProgress}). A GSO burst is not kept; the datagram before it is.
 *
 * <p>Sits on the connection's UDP channel between the QUIC codec and the socket (after {@link Migration}'s redirect,
 * so a replay leaves through the interface that carries the connection now). Event loop only, but {@link #replay}.
 */
final class ReplayLast extends ChannelOutboundHandlerAdapter {
    private volatile ChannelHandlerContext context;
    private ByteBuf last;
    private InetSocketAddress recipient;

    /** The handler on {@code socket}'s pipeline, or null where none was installed (modes that need no replay). */
    static ReplayLast on(Channel socket) {
        return socket.pipeline().get(ReplayLast.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        forget();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof DatagramPacket packet && !(msg instanceof SegmentedDatagramPacket)) {
            forget();
            last = packet.content().retainedDuplicate();
            recipient = packet.recipient();
        }
        ctx.write(msg, promise);
    }

    /** Sends the connection's last datagram again (any thread). */
    void replay() {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (last != null && !ctx.isRemoved()) {
                ctx.writeAndFlush(new DatagramPacket(last.retainedDuplicate(), recipient), ctx.voidPromise());
            }
        });
    }

    private void forget() {
        if (last != null) {
            last.release();
            last = null;
        }
    }
}
