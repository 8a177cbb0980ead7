package io.quicroam.simulator.harness;

import io.quicroam.agent.Agent;
import io.quicroam.agent.Agent.Mode;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.Handover;
import io.quicroam.agent.TransportConfig;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.agent.TunnelDevice;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.simulator.measure.HandoverRecord;
import io.quicroam.simulator.scenario.ScenarioLink;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The one place the simulator touches the agent: builds it for a strategy on a {@link LoopbackRig} (with the run's
 * gateway), with one simulated interface per scenario link whose path binds to a loopback address of its own and
 * sends to the link's relay, and translates
 * its status into {@link DriverStatus}. Interface events from the links reach the agent's path manager through
 * {@link #interfaceEvent}; blackholes, fades and rebinds raise none, so the agent must notice them from traffic.
 */
final class AgentDriver implements AutoCloseable {
    /** Inner MTU of the simulated tunnel device: the IPv6 minimum, which every flow size fits (FlowSpec.MAX_SIZE). */
    static final int TUNNEL_MTU = 1280;

    private final LoopbackRig rig;
    private final Agent agent;
    private final ScenarioClock clock;

    private AgentDriver(LoopbackRig rig, ScenarioClock clock) {
        this.rig = rig;
        this.agent = rig.agent();
        this.clock = clock;
    }

    /**
     * Starts a gateway with {@code gateway}'s options and builds the agent for {@code mode} (not yet started).
     *
     * @param transports what carries its paths (QUIC, HTTP/2 or auto: the relay carries both)
     * @param relay where each link's path sends, given the gateway's address: the near address of its relay
     */
    static AgentDriver create(
            Mode mode,
            TransportConfig transports,
            LocalGateway.Options gateway,
            PacketIo packetIo,
            List<ScenarioLink> links,
            Function<ScenarioLink, LoopbackRig.Route> relay,
            ScenarioClock clock)
            throws IOException, InterruptedException {
        LoopbackRig.Builder rig = LoopbackRig.withGateway(gateway)
                .mode(mode)
                .transports(transports)
                .tunnelMtu(TUNNEL_MTU)
                .packetIo(packetIo)
                .device(TunnelDevice.NONE);
        for (int i = 0; i < links.size(); i++) {
            ScenarioLink link = links.get(i);
            rig.iface(link.name(), link.type(), agentSide(i), relay.apply(link));
        }
        return new AgentDriver(rig.start(), clock);
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
        return rig.innerV4();
    }

    private static InetAddress ipv4(TunnelAssignment assignment) {
        return assignment.addresses().stream()
                .map(AssignedAddress::prefix)
                .map(p -> p.address())
                .filter(a -> a instanceof Inet4Address)
                .findFirst()
                .orElse(null);
    }

    /** Carrier of interface {@code name} lost ({@code present} false) or back, as the OS would report it. */
    void interfaceEvent(String name, boolean present) {
        if (present) {
            rig.interfaces().up(name);
        } else {
            rig.interfaces().down(name);
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
        List<DriverStatus.PathReading> paths = status.paths().stream()
                .map(p -> new DriverStatus.PathReading(
                        p.interfaceName(), p.state(), p.rttMillis() < 0 ? Double.NaN : p.rttMillis()))
                .toList();
        String active = status.paths().stream()
                .filter(p -> p.role() == PathRole.AVAILABLE)
                .map(AgentStatus.PathReport::interfaceName)
                .findFirst()
                .orElse(status.paths().size() == 1 ? status.paths().get(0).interfaceName() : "-");
        List<HandoverRecord> handovers =
                status.handovers().stream().map(this::record).toList();
        return new DriverStatus(active, paths, handovers, status.sessionResets(), status.addressChanges());
    }

    private HandoverRecord record(Handover handover) {
        return new HandoverRecord(
                clock.fromSystemNanos(handover.atNanos()) / 1e6,
                handover.from(),
                handover.to(),
                handover.trigger(),
                handover.durationNanos() < 0 ? Double.NaN : handover.durationNanos() / 1e6);
    }

    @Override
    public void close() {
        rig.close();
    }
}
