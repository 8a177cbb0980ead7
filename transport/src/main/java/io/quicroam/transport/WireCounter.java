package io.quicroam.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.LongAdder;

/** Counts the UDP datagrams a socket receives, before QUIC sees them: what actually crossed the wire. */
@ChannelHandler.Sharable
public final class WireCounter extends ChannelInboundHandlerAdapter {
    private final LongAdder packets = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket datagram) {
            HopProbe.mark("gateway socket read");
            packets.increment();
            bytes.add(datagram.content().readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    public long packets() {
        return packets.sum();
    }

    /** UDP payload bytes received. */
    public long bytes() {
        return bytes.sum();
    }
}
