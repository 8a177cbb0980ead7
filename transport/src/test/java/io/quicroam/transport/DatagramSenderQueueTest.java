package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.quic.QuicChannel;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The send queue grows on demand yet stays bounded: an event loop that never drains it sees exactly its capacity. */
class DatagramSenderQueueTest {
    private static final int CAPACITY = 1024;

    @Test
    void theQueueTakesItsCapacityAndNoMoreWithoutAllocatingItUpFront() {
        List<Runnable> tasks = new ArrayList<>();
        EventLoop stalled = (EventLoop) Proxy.newProxyInstance(
                EventLoop.class.getClassLoader(), new Class<?>[] {EventLoop.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        tasks.add((Runnable) args[0]); // never run: the queue only fills
                        return null;
                    }
                    if (method.getName().equals("inEventLoop")) {
                        return false; // the sender is another thread, as a TUN reader is
                    }
                    throw new AssertionError("unexpected EventLoop." + method.getName());
                });
        QuicChannel connection = (QuicChannel) Proxy.newProxyInstance(
                QuicChannel.class.getClassLoader(), new Class<?>[] {QuicChannel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("eventLoop")) {
                        return stalled;
                    }
                    throw new AssertionError("unexpected QuicChannel." + method.getName());
                });
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        DatagramSender sender =
                new DatagramSender(connection, CAPACITY, reason -> drops.merge(reason, 1, Integer::sum));
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < CAPACITY + 10; i++) {
            ByteBuf datagram = Unpooled.buffer(8).writeLong(i);
            sent.add(datagram);
            sender.send(datagram);
        }
        assertThat(drops).containsExactly(Map.entry(DropReason.QUEUE_FULL, 10));
        assertThat(sent.stream().filter(b -> b.refCnt() == 0))
                .as("the ten dropped are released")
                .hasSize(10);
        assertThat(tasks).as("one drain scheduled").hasSize(1);
        sent.forEach(b -> {
            if (b.refCnt() > 0) {
                b.release();
            }
        });
    }
}
