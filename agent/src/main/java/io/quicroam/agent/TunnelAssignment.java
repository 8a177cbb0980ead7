package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import java.util.List;

/** What the proxy gave us: addresses (RFC 9484 §4.7.1) and routes (§4.7.3). Immutable. */
public record TunnelAssignment(List<AssignedAddress> addresses, List<IpAddressRange> routes) {
    public static final TunnelAssignment NONE = new TunnelAssignment(List.of(), List.of());

    public TunnelAssignment withAddresses(List<AssignedAddress> newAddresses) {
        return new TunnelAssignment(List.copyOf(newAddresses), routes);
    }

    public TunnelAssignment withRoutes(List<IpAddressRange> newRoutes) {
        return new TunnelAssignment(addresses, List.copyOf(newRoutes));
    }
}
