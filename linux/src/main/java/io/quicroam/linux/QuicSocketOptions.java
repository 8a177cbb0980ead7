package io.quicroam.linux;

import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket options every QUIC socket of quicroam gets, agent's paths and gateway alike: DF and no fragmentation
 * (RFC 9000 §14: quiche's path MTU probes, RFC 8899, then learn what the path carries instead of succeeding as
 * fragments) and a receive buffer that holds the bursts a busy event loop leaves waiting (every packet the kernel
 * drops there is lost to QUIC with its datagrams). Either failing costs quality, not function: a WARN, and on.
 */
public final class QuicSocketOptions {
    private static final Logger log = LoggerFactory.getLogger(QuicSocketOptions.class);

    private QuicSocketOptions() {}

    /**
     * Applies both to {@code fd} (empty where the socket has none: not Linux, the host's defaults stay);
     * {@code socket} names it in a WARN ("a path's socket", "the QUIC socket").
     */
    public static void apply(OptionalInt fd, int receiveBufferBytes, String socket) {
        if (fd.isEmpty()) {
            return;
        }
        try {
            LibC.dontFragment(fd.getAsInt());
        } catch (LinuxException e) {
            log.warn("cannot set DF on {} ({}): path MTU discovery may overestimate", socket, e.description());
        }
        try {
            LibC.receiveBuffer(fd.getAsInt(), receiveBufferBytes);
        } catch (LinuxException e) {
            log.warn("cannot size {}'s receive buffer ({}): bursts may be dropped", socket, e.description());
        }
    }
}
