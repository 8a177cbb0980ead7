package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A datagram the connection cannot carry fails alone: real QUIC connections on loopback, with handlers that close
 * on any exception, as the gateway's does for connection errors.
 */
class DatagramSenderTest {
    private final LoopbackQuic quic = new LoopbackQuic();

    @AfterEach
    void stop() {
        quic.close();
    }

    @Test
    void oversizedDatagramsAreCountedAndNeverCloseTheConnection() throws Exception {
        BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        AtomicInteger serverExceptions = new AtomicInteger();
        InetSocketAddress server = startServer(received, serverExceptions);
        AtomicInteger clientExceptions = new AtomicInteger();
        QuicChannel connection = connect(server, closingOnException(clientExceptions));
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        DatagramSender sender = new DatagramSender(connection, 1024, reason -> drops.merge(reason, 1, Integer::sum));

        for (int i = 0; i < 200; i++) {
            sender.send(Unpooled.directBuffer(4000).writeZero(4000)); // far beyond any path's capacity
        }
        sender.send(Unpooled.directBuffer(100).writeZero(100));

        assertThat(received.poll(5, TimeUnit.SECONDS))
                .as("the datagram that fits arrives")
                .isEqualTo(100);
        connection.eventLoop().submit(() -> {}).sync(); // every write listener has run
        assertThat(drops).containsEntry(DropReason.WRITE_FAILED, 200);
        assertThat(clientExceptions).as("no failure reached exceptionCaught").hasValue(0);
        assertThat(connection.isActive()).as("the connection is still open").isTrue();
        assertThat(received).as("nothing oversized was delivered").isEmpty();
        connection.close().sync();
    }

    /**
     * On the connection's own event loop with nothing queued (the gateway's echo egress answers there), a datagram
     * leaves within the call: no drain task that would wait for the rest of the loop's work.
     */
    @Test
    void aDatagramSentOnTheEventLoopLeavesWithoutWaitingForATask() throws Exception {
        BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        InetSocketAddress server = startServer(received, new AtomicInteger());
        QuicChannel connection = connect(server, closingOnException(new AtomicInteger()));
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        DatagramSender sender = new DatagramSender(connection, 1024, reason -> drops.merge(reason, 1, Integer::sum));

        long[] sentPackets = connection
                .eventLoop()
                .submit(() -> {
                    long before = connection.collectStats().getNow().sent();
                    sender.send(Unpooled.directBuffer(100).writeZero(100));
                    return new long[] {
                        before, connection.collectStats().getNow().sent()
                    };
                })
                .get(5, TimeUnit.SECONDS);

        assertThat(sentPackets[1])
                .as("QUIC packets sent before the send returned")
                .isEqualTo(sentPackets[0] + 1);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(100);
        assertThat(drops).isEmpty();
        connection.close().sync();
    }

    private InetSocketAddress startServer(BlockingQueue<Integer> received, AtomicInteger exceptions) throws Exception {
        return quic.server(TlsGroups.DEFAULT, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf datagram) {
                    received.add(datagram.readableBytes());
                    datagram.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.incrementAndGet();
                ctx.close();
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        });
    }

    private QuicChannel connect(InetSocketAddress server, ChannelHandler handler) throws Exception {
        return quic.connect(server, TlsGroups.DEFAULT, handler);
    }

    private static ChannelHandler closingOnException(AtomicInteger exceptions) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                exceptions.incrementAndGet();
                ctx.close();
            }
        };
    }
}
