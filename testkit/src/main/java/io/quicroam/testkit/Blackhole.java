package io.quicroam.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/** A network that silently stopped: everything a UDP socket receives or is asked to send vanishes, with no event. */
public final class Blackhole {
    private Blackhole() {}

    public static void install(Channel udp) {
        udp.pipeline().addFirst("blackhole", new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.trySuccess();
            }
        });
    }
}
