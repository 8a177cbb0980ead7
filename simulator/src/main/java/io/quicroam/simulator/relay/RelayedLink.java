package io.quicroam.simulator.relay;

import io.quicroam.simulator.link.AppliedAction;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.Link;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkConfig;
import io.quicroam.simulator.link.LinkListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated interface as UDP on loopback: the agent's per-path sockets send to {@link #nearAddress()}; the
 * relay carries each datagram through the link's uplink and sends it to the gateway from that agent socket's far
 * socket ({@link NatMappings}: one per agent socket, as a NAT maps each). Replies reaching a far socket cross the
 * downlink back to its agent socket. A NAT rebind makes new mappings (new port, or new 127.0.0.x address); the old
 * far sockets stay open until idle so that what the gateway still sends there is counted as dropped rather than
 * refused. TCP to the same near address (an HTTP/2
 * path) crosses the link's {@link TcpRelay}. Thread-safe: every call runs on the relay's loop thread. Listeners run
 * on that thread too.
 */
public final class RelayedLink {
    private static final Logger log = LoggerFactory.getLogger(RelayedLink.class);

    /** Which socket a datagram arrived on: the agent side (no mapping), or one NAT mapping's far socket. */
    record Endpoint(RelayedLink link, NatMappings.Mapping mapping) {
        void received(byte[] packet, InetSocketAddress from, long atNanos) {
            if (mapping == null) {
                link.fromAgent(packet, from, atNanos);
            } else {
                link.fromGateway(packet, mapping, atNanos);
            }
        }
    }

    /** Tries for a port number free for both TCP and UDP on 127.0.0.1 (another process may take one between). */
    private static final int NEAR_PORT_ATTEMPTS = 20;

    private final UdpRelay relay;
    private final Link core;
    private final InetSocketAddress gateway;
    private final DatagramChannel near;
    private final TcpRelay tcp;
    private final NatMappings nat;
    private final PacketRoutes<NatMappings.Mapping> routes = new PacketRoutes<>();
    private long downlinkWithoutAgent;
    private long sendFailures;

    /** Runs on the loop thread. */
    RelayedLink(UdpRelay relay, LinkConfig config, long scenarioSeed, long startNanos, InetSocketAddress gateway)
            throws IOException {
        this.relay = relay;
        this.gateway = gateway;
        this.core = new Link(config, scenarioSeed, startNanos, this::send);
        Near nearSockets = openNear();
        this.near = nearSockets.udp();
        this.nat = new NatMappings(
                core.name(), relay.addresses().next(), (local, mapping) -> open(local, new Endpoint(this, mapping)));
        this.tcp = new TcpRelay(
                core.name(), nearSockets.tcp(), gateway, () -> farAddress().getAddress());
        core.addListener(tcp);
        core.addListener(new LinkListener() {
            @Override
            public void onAction(AppliedAction applied) {
                if (applied.action() instanceof LinkAction.Rebind rebind) {
                    rebind(rebind.kind());
                }
            }
        });
    }

    private DatagramChannel open(InetSocketAddress local, Endpoint endpoint) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(local);
            channel.configureBlocking(false);
            channel.register(relay.selector(), SelectionKey.OP_READ, endpoint);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** The near sockets: TCP and UDP on one port number of 127.0.0.1. */
    private record Near(ServerSocket tcp, DatagramChannel udp) {}

    private Near openNear() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcpListener = new ServerSocket();
            try {
                tcpListener.bind(new InetSocketAddress(loopback, 0));
                return new Near(
                        tcpListener,
                        open(new InetSocketAddress(loopback, tcpListener.getLocalPort()), new Endpoint(this, null)));
            } catch (IOException | RuntimeException e) {
                tcpListener.close();
                if (!(e instanceof BindException) || attempt == NEAR_PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void rebind(LinkAction.Rebind.Kind kind) {
        // The old far sockets stay open (and bound) until idle, so a new one cannot get its port back.
        InetAddress address = kind == LinkAction.Rebind.Kind.NEW_PORT
                ? nat.farAddress()
                : relay.addresses().next();
        nat.rebind(address, core.binding());
    }

    private void fromAgent(byte[] packet, InetSocketAddress from, long atNanos) {
        NatMappings.Mapping mapping;
        try {
            mapping = nat.of(from, atNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a far socket of link " + core.name(), e);
        }
        routes.put(packet, mapping, atNanos);
        core.offerUplink(packet, atNanos);
    }

    private void fromGateway(byte[] packet, NatMappings.Mapping mapping, long atNanos) {
        nat.used(mapping, atNanos);
        routes.put(packet, mapping, atNanos);
        core.offerDownlink(packet, atNanos, mapping.binding);
    }

    private void send(Direction direction, long dueNanos, byte[] packet) {
        NatMappings.Mapping mapping = routes.take(packet);
        if (mapping == null) {
            mapping = nat.lastUsed(); // longer in the link than any queue holds a packet: the last mapping used
        }
        if (mapping == null || !mapping.far.isOpen()) {
            downlinkWithoutAgent++;
            return;
        }
        InetSocketAddress to = direction == Direction.UPLINK ? gateway : mapping.agent;
        DatagramChannel from = direction == Direction.UPLINK ? mapping.far : near;
        try {
            if (from.send(ByteBuffer.wrap(packet), to) == 0) {
                sendFailures++; // socket buffer full: the datagram is lost, as a full NIC queue would lose it
            }
        } catch (IOException e) {
            sendFailures++;
            log.debug("link {}: {} send of {} bytes failed", core.name(), direction, packet.length, e);
        }
    }

    void advanceTo(long nowNanos) {
        core.advanceTo(nowNanos);
    }

    long nextEventNanos() {
        return core.nextEventNanos();
    }

    /** Sockets held: the near one, a far one per NAT mapping not yet idle, and the TCP relay's. Loop thread. */
    long sockets() {
        return 1L + nat.sockets() + tcp.sockets();
    }

    void closeChannels() {
        tcp.close();
        nat.closeAll();
        try {
            near.close();
        } catch (IOException e) {
            log.debug("link {}: closing a socket failed", core.name(), e);
        }
    }

    private static InetSocketAddress localAddress(DatagramChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return core.name();
    }

    /** Where the agent's per-path socket sends (127.0.0.1, an ephemeral port). */
    public InetSocketAddress nearAddress() {
        return localAddress(near);
    }

    /**
     * The source address the gateway saw last for this link (the far socket of the mapping used last; before any
     * packet, the address mappings are made on, port 0); changes with each rebind.
     */
    public InetSocketAddress farAddress() {
        return relay.call(() -> {
            NatMappings.Mapping last = nat.lastUsed();
            return last != null ? localAddress(last.far) : new InetSocketAddress(nat.farAddress(), 0);
        });
    }

    /** Applies {@code action} now (emulator time). */
    public void apply(LinkAction action) {
        relay.call(() -> {
            core.apply(action, relay.nowNanos());
            return null;
        });
    }

    /**
     * Schedules {@code action} at emulator time {@code atNanos} (see {@link UdpRelay#nowNanos()}); a time already past
     * takes effect now: on a loaded machine a scenario's event at 0 s can be handed over after its time.
     */
    public void schedule(long atNanos, LinkAction action) {
        relay.call(() -> {
            core.schedule(Math.max(atNanos, relay.nowNanos()), action);
            return null;
        });
    }

    /** Registers {@code listener}; it runs on the relay's loop thread and must return quickly. */
    public void addListener(LinkListener listener) {
        relay.call(() -> {
            core.addListener(listener);
            return null;
        });
    }

    public RelayStats stats() {
        return relay.call(
                () -> new RelayStats(core.stats(), downlinkWithoutAgent, sendFailures, tcp.bytesUp(), tcp.bytesDown()));
    }

    /** Every action applied so far, with its emulator time. */
    public List<AppliedAction> history() {
        return relay.call(core::history);
    }
}
