package io.quicroam.simulator.harness;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.Handover;
import io.quicroam.agent.LoopbackInterfaces;
import io.quicroam.agent.ServerConfig;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.agent.TunnelConfig;
import io.quicroam.agent.TunnelDevice;
import io.quicroam.gateway.LocalGateway;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.simulator.measure.HandoverRecord;
import io.quicroam.simulator.scenario.ScenarioLink;
import io.quicroam.simulator.scenario.Strategy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place the simulator touches the agent: builds it for a strategy, with one simulated interface per
 * scenario link whose path binds to a loopback address of its own and sends to the link's relay, and translates
 * its status into {@link DriverStatus}. Interface events from the links reach the agent's path manager through
 * {@link #interfaceEvent}; blackholes, fades and rebinds raise none, so the agent must notice them from traffic.
 */
final class AgentDriver implements AutoCloseable {
    /** Inner MTU of the simulated tunnel device: the IPv6 minimum, which every flow size fits (FlowSpec.MAX_SIZE). */
    static final int TUNNEL_MTU = 1280;

    private final Agent agent;
    private final LoopbackInterfaces interfaces;
    private final ScenarioClock clock;

    private AgentDriver(Agent agent, LoopbackInterfaces interfaces, ScenarioClock clock) {
        this.agent = agent;
        this.interfaces = interfaces;
        this.clock = clock;
    }

    /**
     * @param relays where each link's path sends: the near address of its relay, by link name
     */
    static AgentDriver create(Strategy strategy, LocalGateway gateway, PacketIo packetIo, List<ScenarioLink> links,
                              Map<String, InetSocketAddress> relays, ScenarioClock clock) throws IOException {
        ServerConfig server = new ServerConfig(UriTemplate.parse(gateway.template()), gateway.caFile(), null, "*", "*");
        AgentConfig config = new AgentConfig(server, new TunnelConfig(packetIo.name(), TUNNEL_MTU))
                .withMode(mode(strategy));
        LoopbackInterfaces interfaces = new LoopbackInterfaces(gateway.server().localAddress());
        for (int i = 0; i < links.size(); i++) {
            ScenarioLink link = links.get(i);
            interfaces.add(link.name(), link.type(), agentSide(i), relays.get(link.name()));
        }
        Agent agent = Agent.builder(config).packetIo(packetIo).device(TunnelDevice.NONE).interfaces(interfaces)
                .endpoints(interfaces).registry(new SimpleMeterRegistry()).build();
        return new AgentDriver(agent, interfaces, clock);
    }

    private static Agent.Mode mode(Strategy strategy) {
        return switch (strategy) {
            case BONDED -> Agent.Mode.BONDED;
            case MIGRATE -> Agent.Mode.MIGRATE;
            case RECONNECT -> Agent.Mode.RECONNECT;
        };
    }

    /** The agent's end of link {@code index}: 127.0.1.(index+1), apart from the relays' 127.0.0.x far side. */
    private static InetAddress agentSide(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (index + 1)});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }

    /** Starts the agent; completes with its inner IPv4 address once the gateway assigned one. */
    CompletableFuture<InetAddress> start() {
        return agent.start().thenApply(AgentDriver::ipv4);
    }

    /** The tunnel's inner IPv4 address now; null before the first assignment. */
    InetAddress innerAddress() {
        return ipv4(agent.assignment());
    }

    private static InetAddress ipv4(TunnelAssignment assignment) {
        return assignment.addresses().stream().map(AssignedAddress::prefix).map(p -> p.address())
                .filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
    }

    /** Carrier of interface {@code name} lost ({@code present} false) or back, as the OS would report it. */
    void interfaceEvent(String name, boolean present) {
        if (present) {
            interfaces.up(name);
        } else {
            interfaces.down(name);
        }
    }

    /** A snapshot; {@link DriverStatus#NONE} when the agent does not answer within {@code timeout}. */
    DriverStatus status(Duration timeout) throws InterruptedException {
        AgentStatus status;
        try {
            status = agent.status().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return DriverStatus.NONE;
        }
        List<DriverStatus.PathView> paths = status.paths().stream()
                .map(p -> new DriverStatus.PathView(p.interfaceName(), p.state(),
                        p.rttMillis() < 0 ? Double.NaN : p.rttMillis()))
                .toList();
        String active = status.paths().stream().filter(p -> p.role() == PathRole.AVAILABLE)
                .map(AgentStatus.PathView::interfaceName).findFirst()
                .orElse(status.paths().size() == 1 ? status.paths().get(0).interfaceName() : "-");
        List<HandoverRecord> handovers = status.handovers().stream().map(this::record).toList();
        return new DriverStatus(active, paths, handovers, status.sessionResets(), status.addressChanges());
    }

    private HandoverRecord record(Handover handover) {
        return new HandoverRecord(clock.fromSystemNanos(handover.atNanos()) / 1e6, handover.from(), handover.to(),
                handover.trigger(), handover.durationNanos() < 0 ? Double.NaN : handover.durationNanos() / 1e6);
    }

    @Override
    public void close() {
        agent.close();
        interfaces.close();
    }
}
