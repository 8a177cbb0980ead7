package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicTransportParameters;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The stock-server mode's trick (README: "Roaming with any RFC 9484 proxy"): one QUIC connection whose UDP packets
 * leave through the socket of whichever interface carries traffic, beneath QUIC. quiche keeps the socket it was
 * created on; an outbound handler on it re-sends each packet from the chosen interface's socket, and packets arriving
 * on any interface's socket are handed to QUIC as if they came in on the original one. The proxy sees the client's
 * address change and validates the new path (RFC 9000 §9); the connection, the session and the inner address stay.
 * The cost: the same connection ID is seen on both networks.
 *
 * <p>All sockets share one event loop with the QUIC connection, so nothing here locks.
 */
final class Migration {
    private final Channel original;
    private final String originalInterface;
    private final InetSocketAddress originalLocal;
    private final InetSocketAddress originalRemote;
    private final EventLoopGroup group;
    private final Consumer<String> heardOn;
    private final QuicProgress progress;
    private final Map<String, Channel> sockets = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> remotes = new ConcurrentHashMap<>();
    private final FreshPathCopies copies;
    private volatile String via;
    /** Where packets from the other sockets enter the original pipeline: right after the redirect, at QUIC's door. */
    private volatile ChannelHandlerContext intoQuic;

    /**
     * @param connection        the QUIC connection; its UDP channel is the socket it was created on
     * @param originalInterface the interface that socket belongs to
     * @param heardOn           told the interface through which the proxy's packets arrived, once quiche accepted
     *                          them (authenticated proof of life for probes, {@link QuicProgress}; RFC 9000 §9.3
     *                          asks the same of a peer address before it is trusted)
     * @param nanoClock         for the window after a move in which small packets go twice ({@link FreshPathCopies})
     */
    Migration(
            QuicChannel connection,
            String originalInterface,
            InetSocketAddress originalRemote,
            EventLoopGroup group,
            Consumer<String> heardOn,
            LongSupplier nanoClock) {
        this.original = connection.parent();
        this.copies = new FreshPathCopies(nanoClock);
        this.progress = new QuicProgress(connection);
        this.originalInterface = originalInterface;
        this.originalLocal = (InetSocketAddress) original.localAddress();
        this.originalRemote = originalRemote;
        this.group = group;
        this.heardOn = heardOn;
        this.via = originalInterface;
        remotes.put(originalInterface, originalRemote);
        original.pipeline().addFirst("migration", new Redirect()).addAfter("migration", "replay", new ReplayLast());
    }

    /**
     * Whether the proxy forbids its client to migrate: it sent {@code disable_active_migration} (RFC 9000 §18.2), so
     * no packet may leave from another local address (§9). netty 4.2.18 reads quiche's transport parameters one slot
     * off: the flag comes back as {@code maxDatagramFrameSize()} (0 or 1), while {@code disableActiveMigration()}
     * reads false (PeerMigrationPolicyTest pins this against quiche and Kwik servers). Both readings count; a true
     * max_datagram_frame_size of 1 could carry no HTTP Datagram anyway.
     */
    static boolean forbiddenBy(QuicTransportParameters peer) {
        return peer != null && (peer.disableActiveMigration() || peer.maxDatagramFrameSize() == 1);
    }

    /** Binds a socket on another interface so traffic can move there; packets it receives go to QUIC. */
    CompletableFuture<Channel> addInterface(
            String name, InetSocketAddress local, String device, InetSocketAddress remote) {
        remotes.put(name, remote);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter() {
                    private final QuicProgress.Watch watch = progress.watch(remote);

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket packet = (DatagramPacket) msg;
                        watch.read(packet);
                        // QUIC must see its one 4-tuple: the proxy's address as the connection knows it, whatever
                        // address the packet took on this network (a client never accepts a moving server).
                        intoQuic.fireChannelRead(new DatagramPacket(packet.content(), originalLocal, originalRemote));
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        intoQuic.fireChannelReadComplete();
                        watch.readComplete(() -> heardOn.accept(name));
                    }
                });
        return SocketPinning.bind(bootstrap, local, device).whenComplete((socket, failure) -> {
            if (socket != null) {
                sockets.put(name, socket);
            }
        });
    }

    void removeInterface(String name) {
        Channel socket = sockets.remove(name);
        if (socket != null) {
            socket.close();
        }
        if (name.equals(via)) {
            via = originalInterface;
        }
    }

    /** From now on the connection's packets leave through {@code name}'s socket. */
    void moveTo(String name) {
        via = name;
        copies.moved();
    }

    String via() {
        return via;
    }

    void close() {
        sockets.values().forEach(Channel::close);
        sockets.clear();
    }

    /** On the original socket's pipeline, nearest the socket: sends through the chosen interface instead. */
    private final class Redirect extends ChannelDuplexHandler {
        private final QuicProgress.Watch watch = progress.watch(originalRemote);

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            intoQuic = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            watch.read(msg);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.fireChannelReadComplete();
            watch.readComplete(() -> heardOn.accept(originalInterface));
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            String target = via;
            // The original interface has a socket of its own once it came back after going: the original socket
            // may be bound to a device that no longer exists.
            Channel socket = sockets.get(target);
            if (socket == null || !(msg instanceof DatagramPacket packet)) {
                ctx.write(msg, promise);
                return;
            }
            ByteBuf content = packet.content();
            InetSocketAddress to = remotes.get(target);
            // A GSO burst stays a burst: its segment size goes with it, or the kernel would send one huge datagram.
            Object moved = packet instanceof SegmentedDatagramPacket burst
                    ? new SegmentedDatagramPacket(content, burst.segmentSize(), to)
                    : new DatagramPacket(content, to);
            if (!(moved instanceof SegmentedDatagramPacket) && copies.copy(content.readableBytes())) {
                socket.write(new DatagramPacket(content.retainedDuplicate(), to), socket.voidPromise());
            }
            socket.write(moved, socket.voidPromise());
            promise.trySuccess();
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            Channel socket = sockets.get(via);
            if (socket != null) {
                socket.flush();
            }
            ctx.flush();
        }
    }
}
