package io.quicroam.agent;

import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel's MTU: pinned by {@code tunnel.mtu}, or with {@code auto} the largest packet every path that may carry
 * traffic can take, never below IPv6's 1280 (RFC 8200 §5, RFC 9484 §7.1). The device gets it, so the kernel's own
 * path MTU logic (TCP's MSS, Packet Too Big for its senders) sees what the tunnel carries; the uplink limits packets
 * to it.
 *
 * <p>Threads: follows the paths on the path manager's thread; the uplink reads {@link #current()} (volatile).
 */
final class TunnelMtu {
    private static final Logger log = LoggerFactory.getLogger(TunnelMtu.class);

    private final boolean auto;
    private final TunnelDevice device;
    private volatile int current;

    TunnelMtu(TunnelConfig tunnel, TunnelDevice device) {
        this.auto = tunnel.autoMtu();
        this.device = device;
        this.current = tunnel.deviceMtu();
    }

    /** The MTU the device has now. */
    int current() {
        return current;
    }

    /**
     * The paths that may carry traffic take packets up to {@code sizes}: with {@code auto}, the device follows their
     * smallest. Without any such path the device keeps its MTU: nothing is carried until one comes.
     */
    void follow(IntStream sizes) {
        OptionalInt smallest = sizes.min();
        if (!auto || smallest.isEmpty()) {
            return;
        }
        int next = Math.min(TunnelConfig.AUTO_MTU_MAX, Math.max(MtuFit.MIN_PACKET, smallest.getAsInt()));
        if (next == current) {
            return;
        }
        try {
            device.mtu(next);
            log.info("tunnel MTU {} -> {} (what every usable path carries)", current, next);
            current = next;
        } catch (Exception e) {
            log.warn(
                    "cannot set the tunnel device's MTU to {} ({})",
                    next,
                    e.getClass().getSimpleName());
            log.debug("tunnel MTU failure: {}", e.getMessage());
        }
    }
}
