package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.pathmanager.time.TimeSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's address assignment and routes (RFC 9484 §4.7.1, §4.7.3), within the limits of {@link
 * AssignmentPolicy}, and the tunnel device that carries them, changed at a bounded rate ({@link
 * ReconfigureLimiter}); the first assignment the device carries completes {@link #first()}, the future {@link
 * Agent#start()} returns.
 *
 * <p>The first configuration waits for the proxy's routes as well as its addresses (they come as separate capsules,
 * each handed over on its own): a device, or a caller of start(), given the addresses alone would send into the tunnel
 * before the proxy's routes admit the answers, which {@link DownlinkFilter} then refuses (RFC 9484 §7.2). A proxy that
 * advertises no routes within {@link #FIRST_ROUTES_WAIT} gets its addresses applied anyway.
 *
 * <p>Threads: changed on the path manager's thread; the assignment is read by anyone (volatile).
 */
final class DeviceSetup {
    private static final Logger log = LoggerFactory.getLogger(DeviceSetup.class);
    /** Device changes allowed at once (the first addresses and routes come together), then one per interval. */
    static final int RECONFIGURE_BURST = 4;

    static final Duration RECONFIGURE_INTERVAL = Duration.ofMillis(500);
    /** Withdrawn addresses remembered; the oldest are forgotten first (a proxy could change them forever). */
    static final int MAX_WITHDRAWN = 16;
    /** How long the first configuration waits for a ROUTE_ADVERTISEMENT once the addresses are known. */
    static final Duration FIRST_ROUTES_WAIT = Duration.ofSeconds(1);

    private final TunnelDevice device;
    private final Supplier<Collection<InetAddress>> gateways;
    private final List<AgentListener> listeners;
    private final CompletableFuture<TunnelAssignment> first = new CompletableFuture<>();
    private volatile TunnelAssignment assignment = TunnelAssignment.NONE;
    private volatile List<IpPrefix> withdrawn = List.of();
    private final AtomicLong addressChanges = new AtomicLong();
    private final AssignmentPolicy policy;
    private final ReconfigureLimiter limiter;
    private final TimeSource time;
    /** A ROUTE_ADVERTISEMENT arrived, or {@link #FIRST_ROUTES_WAIT} passed without one (time thread only). */
    private boolean routesDue;

    private boolean waitingForRoutes;

    /**
     * @param gateways the gateway addresses the paths use: routed outside the tunnel, so it never carries itself
     * @param time     the path manager's time source, whose thread calls this
     */
    DeviceSetup(
            TunnelDevice device,
            Supplier<Collection<InetAddress>> gateways,
            List<AgentListener> listeners,
            AssignmentPolicy policy,
            TimeSource time) {
        this.device = device;
        this.gateways = gateways;
        this.listeners = listeners;
        this.policy = policy;
        this.time = time;
        this.limiter = new ReconfigureLimiter(time, RECONFIGURE_BURST, RECONFIGURE_INTERVAL, this::apply);
    }

    TunnelAssignment assignment() {
        return assignment;
    }

    /** Completes once the device carries the first assignment, or fails with why the tunnel cannot come up. */
    CompletableFuture<TunnelAssignment> first() {
        return first;
    }

    /**
     * The addresses the proxy assigned earlier and no longer does (RFC 9484 §4.7.1: each ADDRESS_ASSIGN is the full
     * list), the latest {@link #MAX_WITHDRAWN}; an address assigned again leaves the list.
     */
    List<IpPrefix> withdrawn() {
        return withdrawn;
    }

    long addressChanges() {
        return addressChanges.get();
    }

    /** The tunnel cannot come up as things are: the caller of start() learns why (retries go on). */
    void fail(Throwable cause) {
        first.completeExceptionally(cause);
    }

    /** The proxy's full current assignment (RFC 9484 §4.7.1); a different one is an address change. */
    void assigned(List<AssignedAddress> offered) {
        List<AssignedAddress> addresses = policy.addresses(offered);
        TunnelAssignment previous = assignment;
        if (!previous.addresses().isEmpty() && !sameAddresses(previous.addresses(), addresses)) {
            addressChanges.incrementAndGet();
            listeners.forEach(AgentListener::onAddressChange);
            if (addresses.isEmpty()) {
                // RFC 9484 §4.7.1: the full list, so an empty one withdraws all. UplinkRules refuses their packets.
                log.info("the proxy withdrew every address; packets from them are refused until it assigns new ones");
            }
        }
        List<IpPrefix> kept = addresses.stream().map(AssignedAddress::prefix).toList();
        List<IpPrefix> gone = new ArrayList<>(withdrawn);
        previous.addresses().forEach(a -> gone.add(a.prefix()));
        gone.removeAll(kept);
        withdrawn = List.copyOf(gone.subList(Math.max(0, gone.size() - MAX_WITHDRAWN), gone.size()));
        assignment = previous.withAddresses(addresses);
        if (routesDue) {
            limiter.request();
        } else if (!waitingForRoutes) {
            waitingForRoutes = true;
            time.schedule(FIRST_ROUTES_WAIT, () -> {
                if (!routesDue) {
                    log.debug("no ROUTE_ADVERTISEMENT {} after the addresses; applying them alone", FIRST_ROUTES_WAIT);
                    routesDue = true;
                    limiter.request();
                }
            });
        }
    }

    /** The proxy's full current routes (RFC 9484 §4.7.3). */
    void routed(List<IpAddressRange> ranges) {
        assignment = assignment.withRoutes(policy.routes(ranges));
        routesDue = true;
        limiter.request();
    }

    private static boolean sameAddresses(List<AssignedAddress> a, List<AssignedAddress> b) {
        return a.stream()
                .map(AssignedAddress::prefix)
                .toList()
                .equals(b.stream().map(AssignedAddress::prefix).toList());
    }

    private void apply() {
        TunnelAssignment current = assignment;
        if (current.addresses().isEmpty()) {
            return;
        }
        try {
            device.apply(current, gateways.get());
            if (!first.isDone()) {
                StartupPhases.reached("TUN device has its addresses and routes");
            }
            first.complete(current);
        } catch (Exception e) {
            log.error(
                    "cannot configure the tunnel device ({}); run with logging.level: debug for the command",
                    e.getClass().getSimpleName());
            log.debug("tunnel device failure: {}", e.getMessage()); // names the assigned addresses
            first.completeExceptionally(e);
        }
    }
}
