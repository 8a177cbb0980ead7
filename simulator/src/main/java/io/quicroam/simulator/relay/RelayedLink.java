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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated interface as UDP on loopback: the agent's per-path socket sends to {@link #nearAddress()}; the
 * relay carries each datagram through the link's uplink and sends it to the gateway from {@link #farAddress()}.
 * Replies reaching the far socket cross the downlink back to the agent's address (learned from its packets). A
 * NAT rebind opens a new far socket (new port, or new 127.0.0.x address); the old ones stay open so that what
 * the gateway still sends there is counted as dropped rather than refused. TCP to the same near address (an HTTP/2
 * path) crosses the link's {@link TcpRelay}. Thread-safe: every call runs on the relay's loop thread. Listeners run
 * on that thread too.
 */
public final class RelayedLink {
    private static final Logger log = LoggerFactory.getLogger(RelayedLink.class);

    /** Which socket a datagram arrived on: the agent side, or the far side for one NAT binding generation. */
    record Endpoint(RelayedLink link, boolean near, int binding) {
        void received(byte[] packet, InetSocketAddress from, long atNanos) {
            if (near) {
                link.fromAgent(packet, from, atNanos);
            } else {
                link.core.offerDownlink(packet, atNanos, binding);
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
    private final List<DatagramChannel> farChannels = new ArrayList<>();
    private DatagramChannel far;
    private InetSocketAddress agent;
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
        try {
            openFar(relay.addresses().next());
        } catch (IOException | RuntimeException e) {
            nearSockets.tcp().close();
            near.close();
            throw e;
        }
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
                        open(new InetSocketAddress(loopback, tcpListener.getLocalPort()), new Endpoint(this, true, 0)));
            } catch (IOException | RuntimeException e) {
                tcpListener.close();
                if (!(e instanceof BindException) || attempt == NEAR_PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void openFar(InetAddress address) throws IOException {
        far = open(new InetSocketAddress(address, 0), new Endpoint(this, false, core.binding()));
        farChannels.add(far);
    }

    private void rebind(LinkAction.Rebind.Kind kind) {
        // The old far socket stays open (and bound), so the new one cannot get its port back.
        InetAddress address = kind == LinkAction.Rebind.Kind.NEW_PORT
                ? localAddress(far).getAddress()
                : relay.addresses().next();
        try {
            openFar(address);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the far socket of link " + core.name() + " after a rebind", e);
        }
    }

    private void fromAgent(byte[] packet, InetSocketAddress from, long atNanos) {
        agent = from; // re-learnt on every packet: the agent may reopen its per-path socket
        core.offerUplink(packet, atNanos);
    }

    private void send(Direction direction, long dueNanos, byte[] packet) {
        InetSocketAddress to = direction == Direction.UPLINK ? gateway : agent;
        if (to == null) {
            downlinkWithoutAgent++;
            return;
        }
        DatagramChannel from = direction == Direction.UPLINK ? far : near;
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

    /** Sockets held: the near one, a far one per NAT binding so far, and the TCP relay's. Loop thread. */
    long sockets() {
        return 1L + farChannels.size() + tcp.sockets();
    }

    void closeChannels() {
        tcp.close();
        List<DatagramChannel> all = new ArrayList<>(farChannels);
        all.add(near);
        for (DatagramChannel channel : all) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("link {}: closing a socket failed", core.name(), e);
            }
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

    /** The source address the gateway currently sees for this link; changes with each rebind. */
    public InetSocketAddress farAddress() {
        return relay.call(() -> localAddress(far));
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
