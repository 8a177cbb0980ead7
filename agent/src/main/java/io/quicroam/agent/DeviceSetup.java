package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The proxy's address assignment and routes (RFC 9484 §4.7.1, §4.7.3) and the tunnel device that carries them; the
 * first assignment the device carries completes {@link #first()}, the future {@link Agent#start()} returns.
 *
 * <p>Threads: changed on the path manager's thread; the assignment is read by anyone (volatile).
 */
final class DeviceSetup {
    private static final Logger log = LoggerFactory.getLogger(DeviceSetup.class);

    private final TunnelDevice device;
    private final Supplier<Collection<InetAddress>> gateways;
    private final List<AgentListener> listeners;
    private final CompletableFuture<TunnelAssignment> first = new CompletableFuture<>();
    private volatile TunnelAssignment assignment = TunnelAssignment.NONE;
    private final AtomicLong addressChanges = new AtomicLong();

    /** @param gateways the gateway addresses the paths use: routed outside the tunnel, so it never carries itself */
    DeviceSetup(TunnelDevice device, Supplier<Collection<InetAddress>> gateways, List<AgentListener> listeners) {
        this.device = device;
        this.gateways = gateways;
        this.listeners = listeners;
    }

    TunnelAssignment assignment() {
        return assignment;
    }

    /** Completes once the device carries the first assignment, or fails with why the tunnel cannot come up. */
    CompletableFuture<TunnelAssignment> first() {
        return first;
    }

    long addressChanges() {
        return addressChanges.get();
    }

    /** The tunnel cannot come up as things are: the caller of start() learns why (retries go on). */
    void fail(Throwable cause) {
        first.completeExceptionally(cause);
    }

    /** The proxy's full current assignment (RFC 9484 §4.7.1); a different one is an address change. */
    void assigned(List<AssignedAddress> addresses) {
        TunnelAssignment previous = assignment;
        if (!previous.addresses().isEmpty() && !sameAddresses(previous.addresses(), addresses)) {
            addressChanges.incrementAndGet();
            listeners.forEach(AgentListener::onAddressChange);
        }
        assignment = previous.withAddresses(addresses);
        apply();
    }

    /** The proxy's full current routes (RFC 9484 §4.7.3). */
    void routed(List<IpAddressRange> ranges) {
        assignment = assignment.withRoutes(ranges);
        apply();
    }

    private static boolean sameAddresses(List<AssignedAddress> a, List<AssignedAddress> b) {
        return a.stream().map(AssignedAddress::prefix).toList().equals(b.stream().map(AssignedAddress::prefix).toList());
    }

    private void apply() {
        TunnelAssignment current = assignment;
        if (current.addresses().isEmpty()) {
            return;
        }
        try {
            device.apply(current, gateways.get());
            first.complete(current);
        } catch (Exception e) {
            log.error("cannot configure the tunnel device ({}); run with logging.level: debug for the command",
                    e.getClass().getSimpleName());
            log.debug("tunnel device failure: {}", e.getMessage()); // names the assigned addresses
            first.completeExceptionally(e);
        }
    }
}
