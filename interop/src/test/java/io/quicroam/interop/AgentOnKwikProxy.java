package io.quicroam.interop;

import io.netty.buffer.ByteBuf;
import io.quicroam.agent.AddressRequestConfig;
import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.ServerConfig;
import io.quicroam.agent.TunnelConfig;
import io.quicroam.interop.kwik.KwikProxy;
import io.quicroam.interop.kwik.ProxyOptions;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * quicroam's agent, on {@link LoopbackRig}'s simulated interfaces, against the {@link KwikProxy}: the agent is
 * configured as a user would point it at any RFC 9484 proxy (its URI template and certificate), and every path sends
 * to the proxy. (The rig also starts a quicroam gateway of its own, which nothing here talks to.)
 */
final class AgentOnKwikProxy implements AutoCloseable {
    /** Addresses and routes unlike the quicroam gateway's, so a test sees they came from the Kwik proxy. */
    static final InetAddress INNER_V4 = IpAddresses.parse("100.65.0.2");

    static final InetAddress INNER_V6 = IpAddresses.parse("fd00:6b77::2");
    static final AddressAssign ADDRESSES = new AddressAssign(
            List.of(new AssignedAddress(0, IpPrefix.host(INNER_V4)), new AssignedAddress(0, IpPrefix.host(INNER_V6))));
    static final RouteAdvertisement ROUTES = new RouteAdvertisement(List.of(
            new IpAddressRange(IpAddresses.parse("198.51.100.0"), IpAddresses.parse("198.51.100.255"), 0),
            new IpAddressRange(
                    IpAddresses.parse("2001:db8::"), IpAddresses.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), 0)));
    static final InetAddress FAR_V4 = IpAddresses.parse("198.51.100.7");
    static final InetAddress FAR_V6 = IpAddresses.parse("2001:db8::7");

    final KwikProxy proxy;
    final LoopbackRig rig;

    private AgentOnKwikProxy(KwikProxy proxy, LoopbackRig rig) {
        this.proxy = proxy;
        this.rig = rig;
    }

    /** Adds the rig's interfaces, each sending to the proxy (directly, or through an emulated link to it). */
    @FunctionalInterface
    interface Interfaces {
        void add(LoopbackRig.Builder rig, KwikProxy proxy) throws Exception;
    }

    /** The proxy and an agent in {@code mode} on the {@code interfaces}, not yet connected. */
    static AgentOnKwikProxy start(Agent.Mode mode, Interfaces interfaces) throws Exception {
        return start(mode, interfaces, ProxyOptions.DEFAULT, ROUTES, AddressRequestConfig.DEFAULT);
    }

    /** Like {@link #start(Agent.Mode, Interfaces)}; the proxy as {@code options} say, the agent as {@code asks}. */
    static AgentOnKwikProxy start(
            Agent.Mode mode,
            Interfaces interfaces,
            ProxyOptions options,
            RouteAdvertisement routes,
            AddressRequestConfig asks)
            throws Exception {
        KwikProxy proxy = KwikProxy.start(InetAddress.getLoopbackAddress(), ADDRESSES, routes, options);
        try {
            LoopbackRig.Builder builder = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                    .config(unused -> new AgentConfig(
                                    new ServerConfig(
                                                    UriTemplate.parse(proxy.template()), proxy.caFile(), null, "*", "*")
                                            .withAddressRequests(asks),
                                    new TunnelConfig("mem0", 1280))
                            .withMode(mode));
            interfaces.add(builder, proxy);
            return new AgentOnKwikProxy(proxy, builder.start());
        } catch (Exception | Error e) {
            proxy.close();
            throw e;
        }
    }

    Agent agent() {
        return rig.agent();
    }

    InMemoryPacketIo io() {
        return rig.io();
    }

    /** One ICMP echo of {@code size} bytes (IP header included) from the inner address; whether its reply came. */
    boolean ping(InetAddress from, InetAddress to, int sequence, int size, Duration wait) throws InterruptedException {
        int header = from.getAddress().length == 4 ? 20 + 8 : 40 + 8;
        io().inject(IpPacketBuilder.icmpEcho(from, to, 0x5157, sequence, new byte[size - header], false));
        long deadline = System.nanoTime() + wait.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            ByteBuf reply = io().poll(Duration.ofNanos(left));
            if (reply == null) {
                return false;
            }
            try {
                if (IcmpView.isIcmp(reply)
                        && IcmpView.isEchoReply(reply)
                        && IcmpView.sequence(reply) == sequence
                        && IpPacket.source(reply).equals(to)
                        && IpPacket.destination(reply).equals(from)
                        && reply.readableBytes() == size) {
                    return true;
                }
            } finally {
                reply.release();
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            rig.close();
        } finally {
            proxy.close();
        }
    }
}
