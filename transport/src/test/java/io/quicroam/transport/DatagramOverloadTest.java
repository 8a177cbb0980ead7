package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * More datagrams than QUIC's congestion window lets out, from another thread as a TUN reader sends them, over a
 * real QUIC connection on loopback: every one is delivered or counted as a drop. netty's own write discards what
 * quiche's full datagram queue cannot take and reports it sent, so before {@code QuicheDatagramGate} most of these
 * vanished uncounted. A packet the kernel dropped at the server's socket (its receive buffer full) took its
 * datagram with it: those are counted there, by {@link SocketDrops}, and may include a packet that carried none.
 */
class DatagramOverloadTest {
    private static final int DATAGRAMS = 20_000;
    private static final int SIZE = 1200;

    private final LoopbackQuic quic = new LoopbackQuic();

    @AfterEach
    void stop() {
        quic.close();
    }

    @Test
    void everyDatagramIsDeliveredOrCountedUnderOverload() throws Exception {
        LongAdder received = new LongAdder();
        InetSocketAddress server = quic.server(TlsGroups.DEFAULT, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf datagram) {
                    received.increment();
                    datagram.release();
                }
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        });
        QuicChannel connection = quic.connect(server, TlsGroups.DEFAULT, new ChannelInboundHandlerAdapter());
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        // Counted on the event loop only: the sender's queue takes them all, so no drop happens on this thread.
        DatagramSender sender =
                new DatagramSender(connection, DATAGRAMS, reason -> drops.merge(reason, 1, Integer::sum));

        for (int i = 0; i < DATAGRAMS; i++) {
            sender.send(PooledByteBufAllocator.DEFAULT.directBuffer(SIZE).writeZero(SIZE));
        }
        long counted = settle(connection, received, drops);
        long socketDrops = quic.serverSocketDrops();

        assertThat(DATAGRAMS - received.sum() - counted)
                .as("lost beyond the counted drops (delivered %d, counted %s)", received.sum(), drops)
                .isBetween(0L, socketDrops);
        assertThat(drops).containsOnlyKeys(DropReason.QUIC_QUEUE_FULL); // the window was far smaller than the burst
        assertThat(connection.isActive()).as("the connection is still open").isTrue();
        connection.close().sync();
    }

    /** Waits until nothing more arrives for half a second (5 s at most); the drops counted by then. */
    private static long settle(QuicChannel connection, LongAdder received, Map<DropReason, Integer> drops)
            throws Exception {
        long last = -1;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            long now = connection
                    .eventLoop()
                    .submit(() -> received.sum()
                            + drops.values().stream()
                                    .mapToLong(Integer::longValue)
                                    .sum())
                    .get();
            if (now == last) {
                break;
            }
            last = now;
            Thread.sleep(500);
        }
        return connection
                .eventLoop()
                .submit(() ->
                        drops.values().stream().mapToLong(Integer::longValue).sum())
                .get();
    }
}
