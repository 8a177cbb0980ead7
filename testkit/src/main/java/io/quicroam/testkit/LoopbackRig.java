package io.quicroam.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.ServerConfig;
import io.quicroam.agent.TransportConfig;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.agent.TunnelConfig;
import io.quicroam.agent.TunnelDevice;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A gateway and an agent in one process, the agent's paths on {@link LoopbackInterfaces}: the demo, the benchmark,
 * the simulator and the integration tests all start their tunnel here. {@link Builder#start()} starts the gateway (or
 * uses a shared one) and builds the agent; {@link #connect()} starts the agent. Closing closes the agent, its
 * interfaces and an owned gateway; a failing {@code start()} closes what it had opened.
 */
public final class LoopbackRig implements AutoCloseable {
    /** How long {@link #connect()} waits for the gateway's addresses. */
    private static final long CONNECT_SECONDS = 10;

    /** Where a path sends, given the gateway's address: the gateway itself, or e.g. an emulated link in between. */
    @FunctionalInterface
    public interface Route {
        Route DIRECT = gateway -> gateway;

        InetSocketAddress remote(InetSocketAddress gateway) throws IOException;
    }

    private record Interface(String name, InterfaceClass type, InetAddress loopback, Route route) {}

    private final LocalGateway gateway;
    private final boolean ownsGateway;
    private final LoopbackInterfaces interfaces;
    private final PacketIo packetIo;
    private final Agent agent;

    private LoopbackRig(
            LocalGateway gateway, boolean ownsGateway, LoopbackInterfaces interfaces, PacketIo packetIo, Agent agent) {
        this.gateway = gateway;
        this.ownsGateway = ownsGateway;
        this.interfaces = interfaces;
        this.packetIo = packetIo;
        this.agent = agent;
    }

    /** A rig with a gateway of its own, started with {@code options} and closed with the rig. */
    public static Builder withGateway(LocalGateway.Options options) {
        return new Builder(null, options);
    }

    /** A rig on a gateway others share (several agents, one gateway): the rig leaves it running when it closes. */
    public static Builder on(LocalGateway shared) {
        return new Builder(shared, null);
    }

    /** Starts the agent; the gateway's assignment, or the refusal as the {@link ExecutionException}'s cause. */
    public TunnelAssignment connect() throws ExecutionException, InterruptedException, TimeoutException {
        return agent.start().get(CONNECT_SECONDS, TimeUnit.SECONDS);
    }

    /** The session's inner IPv4 address now; null before the first assignment. */
    public InetAddress innerV4() {
        return inner(Inet4Address.class);
    }

    /** The session's inner IPv6 address now; null before the first assignment. */
    public InetAddress innerV6() {
        return inner(Inet6Address.class);
    }

    private InetAddress inner(Class<? extends InetAddress> family) {
        TunnelAssignment assignment = agent.assignment();
        return assignment == null
                ? null
                : assignment.addresses().stream()
                        .map(a -> a.prefix().address())
                        .filter(family::isInstance)
                        .findFirst()
                        .orElse(null);
    }

    public LocalGateway gateway() {
        return gateway;
    }

    /** Sessions the gateway holds now (its {@code quicroam_gateway_sessions} gauge). */
    public int sessions() {
        return gateway.sessions();
    }

    public Agent agent() {
        return agent;
    }

    public LoopbackInterfaces interfaces() {
        return interfaces;
    }

    /** The agent's packets, when they are in memory (the default). */
    public InMemoryPacketIo io() {
        if (packetIo instanceof InMemoryPacketIo memory) {
            return memory;
        }
        throw new IllegalStateException("the agent's packets go to " + packetIo.name() + ", not to memory");
    }

    @Override
    public void close() {
        try {
            agent.close();
        } finally {
            interfaces.close();
            if (ownsGateway) {
                gateway.close();
            }
        }
    }

    /** What the copies of this set-up used to vary; everything else is as a user's gateway and agent would be. */
    public static final class Builder {
        private final LocalGateway shared;
        private final LocalGateway.Options gatewayOptions;
        private MeterRegistry gatewayRegistry = new SimpleMeterRegistry();
        private MeterRegistry agentRegistry = new SimpleMeterRegistry();
        private final List<Interface> wanted = new ArrayList<>();
        private Agent.Mode mode = Agent.Mode.BONDED;
        private PathManagerConfig paths;
        private Path tokenFile;
        private Path clientCert;
        private Path clientKey;
        private int tunnelMtu = 1280;
        private PacketIo packetIo;
        private TunnelDevice device = TunnelDevice.NONE;
        private Function<LocalGateway, AgentConfig> config;
        private TransportConfig transports = TransportConfig.DEFAULT;

        private Builder(LocalGateway shared, LocalGateway.Options gatewayOptions) {
            this.shared = shared;
            this.gatewayOptions = gatewayOptions;
        }

        /** The own gateway's registry (a shared gateway keeps its own). */
        public Builder gatewayRegistry(MeterRegistry value) {
            this.gatewayRegistry = value;
            return this;
        }

        public Builder agentRegistry(MeterRegistry value) {
            this.agentRegistry = value;
            return this;
        }

        /** An interface, up, whose path binds to {@code loopback} and sends to the gateway. Default: eth0 on 127.0.0.1. */
        public Builder iface(String name, InterfaceClass type, InetAddress loopback) {
            return iface(name, type, loopback, Route.DIRECT);
        }

        /** An interface, up, whose path binds to {@code loopback} and sends where {@code route} says. */
        public Builder iface(String name, InterfaceClass type, InetAddress loopback, Route route) {
            wanted.add(new Interface(name, type, loopback, route));
            return this;
        }

        /** Wi-Fi (wlan0) from 127.0.0.2 and LTE (wwan0) from 127.0.0.3: a laptop with two networks. */
        public Builder wifiAndLte() {
            return iface("wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.2"))
                    .iface("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("127.0.0.3"));
        }

        public Builder mode(Agent.Mode value) {
            this.mode = value;
            return this;
        }

        /** The path manager's settings; default: its defaults for the tunnel device. */
        public Builder paths(PathManagerConfig value) {
            this.paths = value;
            return this;
        }

        /** The agent's credential (server.token-file); default none. */
        public Builder tokenFile(Path value) {
            this.tokenFile = value;
            return this;
        }

        /** The agent's client certificate and key, for a gateway that requires mTLS. */
        public Builder clientCertificate(Path certFile, Path keyFile) {
            this.clientCert = certFile;
            this.clientKey = keyFile;
            return this;
        }

        /** The tunnel device's MTU; default 1280. */
        public Builder tunnelMtu(int value) {
            this.tunnelMtu = value;
            return this;
        }

        /** The agent's packets; default in memory ({@code mem0}, the tunnel MTU, 4096 queued). */
        public Builder packetIo(PacketIo value) {
            this.packetIo = value;
            return this;
        }

        public Builder device(TunnelDevice value) {
            this.device = value;
            return this;
        }

        /** What carries the paths: QUIC (the default), HTTP/2, or auto. */
        public Builder transports(TransportConfig value) {
            this.transports = value;
            return this;
        }

        /** The whole agent configuration, from the started gateway (e.g. an agent.yaml naming it); overrides the rest. */
        public Builder config(Function<LocalGateway, AgentConfig> value) {
            this.config = value;
            return this;
        }

        /** Starts the gateway (unless shared) and builds the agent, not yet started: see {@link LoopbackRig#connect()}. */
        public LoopbackRig start() throws IOException, InterruptedException {
            LocalGateway gateway = shared != null ? shared : LocalGateway.start(gatewayOptions, gatewayRegistry);
            LoopbackInterfaces interfaces = null;
            try {
                interfaces = interfaces(gateway);
                PacketIo io = packetIo != null ? packetIo : new InMemoryPacketIo("mem0", tunnelMtu, 4096);
                Agent agent = Agent.builder(agentConfig(gateway, io))
                        .packetIo(io)
                        .device(device)
                        .interfaces(interfaces)
                        .endpoints(interfaces)
                        .registry(agentRegistry)
                        .build();
                return new LoopbackRig(gateway, shared == null, interfaces, io, agent);
            } catch (IOException | RuntimeException e) {
                if (interfaces != null) {
                    interfaces.close();
                }
                if (shared == null) {
                    gateway.close();
                }
                throw e;
            }
        }

        private LoopbackInterfaces interfaces(LocalGateway gateway) throws IOException {
            InetSocketAddress address = gateway.server().localAddress();
            LoopbackInterfaces interfaces = new LoopbackInterfaces();
            List<Interface> all = wanted.isEmpty()
                    ? List.of(new Interface(
                            "eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress(), Route.DIRECT))
                    : wanted;
            for (Interface each : all) {
                interfaces.add(
                        each.name(), each.type(), each.loopback(), each.route().remote(address));
            }
            return interfaces;
        }

        private AgentConfig agentConfig(LocalGateway gateway, PacketIo io) {
            if (config != null) {
                return config.apply(gateway);
            }
            ServerConfig server = new ServerConfig(
                    UriTemplate.parse(gateway.template()),
                    gateway.caFile(),
                    tokenFile,
                    "*",
                    "*",
                    clientCert,
                    clientKey);
            AgentConfig built = new AgentConfig(server, new TunnelConfig(io.name(), tunnelMtu))
                    .withMode(mode)
                    .withTransports(transports);
            return paths == null ? built : built.withPaths(paths);
        }
    }
}
