package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a path's UDP socket and pins it to its interface (SO_BINDTODEVICE), so its packets leave through Wi-Fi or
 * LTE as the path says, not wherever the routing table's best route points. Where pinning is impossible (no epoll,
 * no CAP_NET_RAW) the socket keeps its interface's address, which is all a non-Linux host can do. Its packets carry
 * DF and are never fragmented (RFC 9000 §14), so QUIC's path MTU probes learn what the path carries.
 */
final class SocketPinning {
    private static final Logger log = LoggerFactory.getLogger(SocketPinning.class);

    private SocketPinning() {}

    static CompletableFuture<Channel> bind(Bootstrap bootstrap, InetSocketAddress local, String device) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        bootstrap.register().addListener(registered -> {
            if (!registered.isSuccess()) {
                result.completeExceptionally(registered.cause());
                return;
            }
            Channel channel = ((ChannelFuture) registered).channel();
            dontFragment(channel);
            receiveBuffer(channel);
            if (device != null) {
                pin(channel, device);
            }
            channel.bind(local).addListener(bound -> {
                if (bound.isSuccess()) {
                    result.complete(channel);
                } else {
                    channel.close();
                    result.completeExceptionally(bound.cause());
                }
            });
        });
        return result;
    }

    private static void dontFragment(Channel channel) {
        OptionalInt fd = Transports.fileDescriptor(channel);
        if (fd.isEmpty()) {
            return; // not Linux: the host's default, and PMTUD may see fragmented probes succeed
        }
        try {
            LibC.dontFragment(fd.getAsInt());
        } catch (LinuxException e) {
            log.warn("cannot set DF on a path's socket ({}): path MTU discovery may overestimate", e.description());
        }
    }

    /**
     * A receive buffer that holds the bursts a busy event loop leaves waiting: every packet the kernel drops there
     * is lost to QUIC with its datagrams ({@link Transports#UDP_RECEIVE_BUFFER}).
     */
    private static void receiveBuffer(Channel channel) {
        OptionalInt fd = Transports.fileDescriptor(channel);
        if (fd.isEmpty()) {
            return;
        }
        try {
            LibC.receiveBuffer(fd.getAsInt(), Transports.UDP_RECEIVE_BUFFER);
        } catch (LinuxException e) {
            log.warn("cannot size a path's receive buffer ({}): bursts may be dropped", e.description());
        }
    }

    private static void pin(Channel channel, String device) {
        OptionalInt fd = Transports.fileDescriptor(channel);
        if (fd.isEmpty()) {
            log.debug("{}: this transport hides the socket; bound by address only", device);
            return;
        }
        try {
            LibC.bindToDevice(fd.getAsInt(), device);
        } catch (LinuxException e) {
            log.warn(
                    "{}: cannot pin the path's socket to the interface ({}); it is bound by address only",
                    device,
                    e.description());
        }
    }
}
