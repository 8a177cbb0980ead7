package io.quicroam.agent;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.net.InetSocketAddress;

/**
 * Proof of life that only the proxy can give: quiche's count of packets it received on a connection. Anyone can send
 * a UDP datagram to the agent's socket; only a packet that opens with the connection's keys (RFC 9001 §5, packet
 * protection) makes that count move. A datagram from another sender is not even looked at.
 *
 * <p>Each socket that feeds the connection gets a {@link Watch}: it notes, per read batch, whether a datagram came
 * from the proxy's address, and after quiche processed the batch asks whether the count moved. The count is shared,
 * so progress made through one socket is never credited to another.
 *
 * <p>Threads: the connection's event loop (every socket feeding it shares that loop).
 */
final class QuicProgress {
    private final QuicChannel connection;
    /** Packets quiche had received at the last look. */
    private long received;

    QuicProgress(QuicChannel connection) {
        this.connection = connection;
    }

    /**
     * A handler for {@code connection}'s own UDP socket, first in its pipeline: runs {@code onProgress} (event loop)
     * after each read batch from {@code proxy} that quiche accepted.
     */
    static ChannelHandler onSocketOf(QuicChannel connection, InetSocketAddress proxy, Runnable onProgress) {
        Watch watch = new QuicProgress(connection).watch(proxy);
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                watch.read(msg);
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.fireChannelReadComplete();
                watch.readComplete(onProgress);
            }
        };
    }

    /** A watch on one socket whose datagrams come from {@code proxy}. */
    Watch watch(InetSocketAddress proxy) {
        return new Watch(proxy);
    }

    /** Runs {@code onProgress} if quiche received packets since the last look. */
    private void check(Runnable onProgress) {
        connection.collectStats().addListener(read -> {
            if (!read.isSuccess()) {
                return; // the connection closed: no progress
            }
            long now = ((QuicConnectionStats) read.getNow()).recv();
            if (now > received) {
                received = now;
                onProgress.run();
            }
        });
    }

    /** One socket's part: call {@link #read} for each datagram and {@link #readComplete} once quiche saw them. */
    final class Watch {
        private final InetSocketAddress proxy;
        private boolean fromProxy;

        private Watch(InetSocketAddress proxy) {
            this.proxy = proxy;
        }

        void read(Object msg) {
            if (msg instanceof DatagramPacket packet && proxy.equals(packet.sender())) {
                fromProxy = true;
            }
        }

        /** After the batch went into QUIC: {@code onProgress} runs if the proxy's packets in it authenticated. */
        void readComplete(Runnable onProgress) {
            if (fromProxy) {
                fromProxy = false;
                check(onProgress);
            }
        }
    }
}
