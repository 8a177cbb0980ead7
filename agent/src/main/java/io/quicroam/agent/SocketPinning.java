package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.linux.QuicSocketOptions;
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
            QuicSocketOptions.apply(
                    Transports.fileDescriptor(channel), Transports.UDP_RECEIVE_BUFFER, "a path's socket");
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
