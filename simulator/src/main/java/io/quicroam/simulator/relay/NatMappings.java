package io.quicroam.simulator.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link's NAT, as a home router's: each agent socket (its address and port) gets a mapping of its own, a far socket
 * the gateway sees it from, made on its first packet (RFC 4787 §4.1: the mapping is per internal endpoint). One far
 * socket for every agent socket on the link sent the downlink of all of them to whichever sent last: migrate mode's
 * connection and its light connection on the same network, or a path and its replacement, took each other's answers.
 * A rebind forgets the mappings (new ones on a new port or address); the old far sockets stay open until idle, so what
 * the gateway still sends there is counted as dropped, not refused. A mapping idle for {@link #IDLE} is closed, as
 * home routers do (shorter than RFC 4787 §4.3's two minutes, so a long run's open sockets stay flat); an agent keeps
 * the mappings it uses alive with its probes. Loop thread only.
 */
final class NatMappings {
    private static final Logger log = LoggerFactory.getLogger(NatMappings.class);

    static final Duration IDLE = Duration.ofSeconds(30);

    /** One agent socket's mapping. */
    static final class Mapping {
        final InetSocketAddress agent;
        final int binding;
        DatagramChannel far;
        long lastUsedNanos;

        Mapping(InetSocketAddress agent, int binding, long nowNanos) {
            this.agent = agent;
            this.binding = binding;
            this.lastUsedNanos = nowNanos;
        }
    }

    /** Opens and registers the far socket for {@code mapping} on {@code local}. */
    @FunctionalInterface
    interface Opener {
        DatagramChannel open(InetSocketAddress local, Mapping mapping) throws IOException;
    }

    private final String linkName;
    private final Opener opener;
    private final Map<InetSocketAddress, Mapping> current = new HashMap<>();
    /** Every mapping whose far socket is open, current or from an earlier binding. */
    private final List<Mapping> open = new ArrayList<>();

    private InetAddress farAddress;
    private int binding;
    private Mapping lastUsed;
    private long nextExpiryNanos;

    NatMappings(String linkName, InetAddress farAddress, Opener opener) {
        this.linkName = linkName;
        this.farAddress = farAddress;
        this.opener = opener;
    }

    /** The mapping of {@code agent}'s socket, made now if it has none in the current binding. */
    Mapping of(InetSocketAddress agent, long nowNanos) throws IOException {
        expireIdle(nowNanos);
        Mapping mapping = current.get(agent);
        if (mapping == null) {
            mapping = new Mapping(agent, binding, nowNanos);
            mapping.far = opener.open(new InetSocketAddress(farAddress, 0), mapping);
            current.put(agent, mapping);
            open.add(mapping);
        }
        used(mapping, nowNanos);
        return mapping;
    }

    /** {@code mapping} carried a packet now; the last one used in the current binding is {@link #lastUsed}. */
    void used(Mapping mapping, long nowNanos) {
        mapping.lastUsedNanos = nowNanos;
        if (mapping.binding == binding) {
            lastUsed = mapping;
        }
    }

    /** The NAT lost its state: from now on each agent socket gets a new mapping, from {@code address}. */
    void rebind(InetAddress address, int newBinding) {
        current.clear();
        lastUsed = null;
        farAddress = address;
        binding = newBinding;
    }

    /** The address the latest mappings are made on. */
    InetAddress farAddress() {
        return farAddress;
    }

    /** The current binding's mapping used last, or null before its first packet. */
    Mapping lastUsed() {
        return lastUsed;
    }

    long sockets() {
        return open.size();
    }

    private void expireIdle(long nowNanos) {
        if (nowNanos < nextExpiryNanos) {
            return;
        }
        nextExpiryNanos = nowNanos + IDLE.toNanos() / 10;
        for (Iterator<Mapping> it = open.iterator(); it.hasNext(); ) {
            Mapping mapping = it.next();
            if (nowNanos - mapping.lastUsedNanos >= IDLE.toNanos()) {
                it.remove();
                current.remove(mapping.agent, mapping);
                if (lastUsed == mapping) {
                    lastUsed = null;
                }
                close(mapping.far);
            }
        }
    }

    void closeAll() {
        open.forEach(mapping -> close(mapping.far));
        open.clear();
        current.clear();
    }

    private void close(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("link {}: closing a far socket failed", linkName, e);
        }
    }
}
