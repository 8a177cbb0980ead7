package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.ip.IcmpErrors;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.QuicTuning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the tunnel: moves IP packets between the packet I/O (a TUN device, or memory) and a
 * CONNECT-IP tunnel, and keeps the device's addresses and routes as the proxy assigns them.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final PacketIo packetIo;
    private final TunnelDevice device;
    private final AgentMetrics metrics;
    private final EventLoopGroup group;
    private final ConnectIpClient client;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private volatile TunnelPath path;
    private volatile TunnelAssignment assignment = TunnelAssignment.NONE;
    private final CompletableFuture<TunnelAssignment> firstAssignment = new CompletableFuture<>();

    public Agent(AgentConfig config, PacketIo packetIo, TunnelDevice device, QuicTuning tuning, MeterRegistry registry)
            throws java.io.IOException {
        this.config = config;
        this.packetIo = packetIo;
        this.device = device;
        this.metrics = new AgentMetrics(registry);
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.client = new ConnectIpClient(config.server(), tuning, group, metrics);
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public TunnelAssignment assignment() {
        return assignment;
    }

    TunnelPath path() {
        return path;
    }

    /**
     * Connects to the proxy and starts moving packets. Completes when the proxy has assigned addresses and the
     * device carries them.
     */
    public CompletableFuture<TunnelAssignment> start() {
        InetSocketAddress remote = new InetSocketAddress(config.server().template().host(),
                config.server().template().port());
        if (remote.isUnresolved()) {
            return CompletableFuture.failedFuture(new java.net.UnknownHostException(
                    "cannot resolve the proxy's host name from server.url"));
        }
        client.open(null, remote, Map.of(), new PathListener()).whenComplete((opened, failure) -> {
            if (failure != null) {
                firstAssignment.completeExceptionally(unwrap(failure));
                return;
            }
            path = opened;
            packetIo.start(this::uplink);
            log.info("tunnel established");
        });
        return firstAssignment;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    /** A packet read from the device: into the tunnel, or a Packet Too Big back when it cannot fit. */
    private void uplink(ByteBuf packet) {
        TunnelPath current = path;
        if (current == null) {
            packet.release();
            metrics.dropped(DropReason.NO_PATH);
            return;
        }
        if (IpPacket.malformedReason(packet) != null) {
            packet.release();
            metrics.dropped(DropReason.MALFORMED_PACKET);
            return;
        }
        int limit = Math.min(config.tunnel().mtu(), current.maxPacketSize());
        if (packet.readableBytes() > limit) {
            answerTooBig(packet, limit);
            return;
        }
        metrics.uplinkPackets.increment();
        metrics.uplinkBytes.increment(packet.readableBytes());
        current.send(packet);
    }

    /**
     * RFC 9484 §10.1: a packet larger than the tunnel carries is answered with ICMP "fragmentation needed" /
     * ICMPv6 Packet Too Big, so the sender's path MTU discovery shrinks it (RFC 1191, RFC 8201).
     */
    private void answerTooBig(ByteBuf packet, int mtu) {
        try {
            metrics.dropped(DropReason.OVERSIZE);
            InetAddress from = IpPacket.destination(packet);
            ByteBuf icmp = IcmpErrors.tooBig(alloc, packet, mtu, from);
            if (icmp != null) {
                metrics.packetTooBigSent.increment();
                packetIo.write(icmp);
            }
        } finally {
            packet.release();
        }
    }

    private final class PathListener implements TunnelPath.Listener {
        @Override
        public void onAddressAssign(TunnelPath path, List<AssignedAddress> addresses) {
            assignment = assignment.withAddresses(addresses);
            applyIfComplete(path);
        }

        @Override
        public void onRouteAdvertisement(TunnelPath path, List<IpAddressRange> ranges) {
            assignment = assignment.withRoutes(ranges);
            applyIfComplete(path);
        }

        @Override
        public void onPacket(TunnelPath path, ByteBuf packet) {
            metrics.downlinkPackets.increment();
            metrics.downlinkBytes.increment(packet.readableBytes());
            if (!packetIo.write(packet)) {
                metrics.dropped(DropReason.QUEUE_FULL);
            }
        }

        @Override
        public void onClosed(TunnelPath closed, Throwable cause) {
            if (path == closed) {
                path = null;
                log.warn("tunnel closed{}", cause == null ? "" : ": " + cause.getMessage());
            }
        }
    }

    private void applyIfComplete(TunnelPath via) {
        TunnelAssignment current = assignment;
        if (current.addresses().isEmpty()) {
            return;
        }
        try {
            device.apply(current, List.of(via.remoteAddress().getAddress()));
            firstAssignment.complete(current);
        } catch (Exception e) {
            log.error("cannot configure the tunnel device: {}", e.getMessage());
            firstAssignment.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        TunnelPath current = path;
        if (current != null) {
            current.close();
        }
        device.close(); // routes and addresses first, while the device still exists
        packetIo.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
