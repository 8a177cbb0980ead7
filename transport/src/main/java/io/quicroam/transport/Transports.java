package io.quicroam.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.OptionalInt;

/** netty's native epoll transport where it runs, NIO elsewhere: one place decides, for agent and gateway alike. */
public final class Transports {
    private static final boolean EPOLL = Epoll.isAvailable();
    /** Packets per GSO send; the kernel allows 64, a burst of 16 keeps latency per flush small. */
    private static final int GSO_SEGMENTS = 16;
    /**
     * SO_RCVBUF of the QUIC sockets, agent's and gateway's. The default (212 992 bytes, ~90 full-size packets on
     * loopback) overflows while the event loop is busy elsewhere, and every packet the kernel drops there is lost
     * to QUIC. The kernel caps it at {@code net.core.rmem_max}.
     */
    public static final int UDP_RECEIVE_BUFFER = Integer.getInteger("quicroam.rcvbuf", 212_992);
    /**
     * How many received datagrams netty takes from quiche per read of a QUIC connection. quiche keeps received
     * DATAGRAM frames in a queue ({@link QuicTuning#datagramQueue()}) and, when it is full, silently drops the
     * oldest; netty reads that queue only while a read is pending, at most this many at a time (16 by default), once
     * per batch of UDP packets: bursts of small datagrams outgrew it uncounted. Read until it is empty instead.
     */
    public static final int DATAGRAMS_PER_READ = Integer.getInteger("quicroam.dgramreads", 16);

    private Transports() {}

    public static EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
        return new MultiThreadIoEventLoopGroup(
                threads, threadFactory, EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** TCP, for HTTP/2 where UDP is blocked. */
    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The socket's file descriptor, where the transport exposes it (epoll). */
    public static OptionalInt fileDescriptor(Channel channel) {
        if (channel instanceof EpollDatagramChannel epoll) {
            return OptionalInt.of(epoll.fd().intValue());
        }
        return channel instanceof EpollSocketChannel tcp
                ? OptionalInt.of(tcp.fd().intValue())
                : OptionalInt.empty();
    }

    /**
     * Lets QUIC hand the kernel several packets in one UDP GSO send (epoll only): far fewer system calls per
     * tunnelled packet. Elsewhere: one packet per send.
     */
    public static SegmentedDatagramPacketAllocator segmentedAllocator() {
        return EPOLL ? EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS) : SegmentedDatagramPacketAllocator.NONE;
    }
}
