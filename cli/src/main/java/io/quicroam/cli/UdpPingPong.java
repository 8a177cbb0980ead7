package io.quicroam.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.quicroam.transport.Transports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same pings as raw netty UDP on loopback, a client and an echo server on two event loops (as the
 * tunnel's agent and gateway are), sent from the calling thread across to the client's loop (as the tunnel's are).
 */
final class UdpPingPong extends PingPong {
    private final EventLoopGroup group;
    private final Channel client;
    private final Channel server;
    private final InetSocketAddress target;

    private UdpPingPong(EventLoopGroup group, Channel client, Channel server) {
        this.group = group;
        this.client = client;
        this.server = server;
        this.target = (InetSocketAddress) server.localAddress();
    }

    static UdpPingPong start() throws InterruptedException {
        EventLoopGroup group = Transports.group(2, "bench-udp");
        try {
            Channel server = bind(group, new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket ping) {
                    ctx.writeAndFlush(new DatagramPacket(ping.content().retain(), ping.sender()), ctx.voidPromise());
                }
            });
            UdpPingPong[] self = new UdpPingPong[1];
            Channel client = bind(group, new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket answer) {
                    ByteBuf content = answer.content();
                    if (content.readableBytes() >= 4) {
                        self[0].answered(content.getInt(content.readerIndex()));
                    }
                }
            });
            self[0] = new UdpPingPong(group, client, server);
            return self[0];
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static Channel bind(EventLoopGroup group, SimpleChannelInboundHandler<DatagramPacket> handler)
            throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(handler)
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
    }

    @Override
    void send(int seq, int size) {
        ByteBuf payload = client.alloc().directBuffer(size).writeInt(seq).writeZero(size - 4);
        client.writeAndFlush(new DatagramPacket(payload, target), client.voidPromise());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
