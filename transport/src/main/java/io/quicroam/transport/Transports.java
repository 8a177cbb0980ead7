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
     * SO_RCVBUF of the QUIC sockets, agent's and gateway's (set by root beyond {@code net.core.rmem_max}). With the
     * kernel's default (212 992 bytes, ~90 full-size packets on loopback) the gateway's socket overflowed in every
     * {@code bench throughput} run while its event loop was busy (100-1 000 packets a run, each lost to QUIC with
     * the datagrams it carried); 1 MiB still overflowed in two runs of eight, 4 MiB in none (2026-11-29, load ~33).
     * The memory is only taken while packets wait.
     */
    public static final int UDP_RECEIVE_BUFFER = 4 << 20;

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
