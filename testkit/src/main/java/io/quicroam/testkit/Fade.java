package io.quicroam.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network that fades without any carrier event, as a Wi-Fi does when its user walks away: from the moment it is
 * installed, everything the UDP socket sends is delayed more and more and lost more and more often, growing
 * linearly to {@code delay} and {@code loss} over {@code over} and staying there. Order is kept (the delay only
 * grows). Seeded, so a run can be repeated.
 */
public final class Fade {
    private Fade() {}

    public static void install(Channel udp, Duration over, Duration delay, double loss, long seed) {
        long start = System.nanoTime();
        long overNanos = Math.max(1, over.toNanos());
        SplittableRandom random = new SplittableRandom(seed);
        udp.pipeline().addFirst("fade", new ChannelDuplexHandler() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                double progress = Math.min(1.0, (double) (System.nanoTime() - start) / overNanos);
                if (random.nextDouble() < loss * progress) {
                    ReferenceCountUtil.release(msg);
                    promise.trySuccess();
                    return;
                }
                long delayNanos = (long) (delay.toNanos() * progress);
                ctx.executor().schedule(() -> ctx.writeAndFlush(msg, promise), delayNanos, TimeUnit.NANOSECONDS);
            }
        });
    }
}
