package io.quicroam.pathmanager.iface;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What is known of one interface now: its class, carrier and addresses (in the order they appeared). */
public record NetInterface(String name, int index, InterfaceClass type, boolean carrier, List<InetAddress> addresses) {
    public NetInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        addresses = List.copyOf(addresses);
    }

    /** Addresses a path can use as its source: not loopback, link-local, wildcard or multicast. */
    public List<InetAddress> routableAddresses() {
        return addresses.stream()
                .filter(a -> !a.isLoopbackAddress()
                        && !a.isLinkLocalAddress()
                        && !a.isAnyLocalAddress()
                        && !a.isMulticastAddress())
                .toList();
    }

    public NetInterface withCarrier(boolean up) {
        return new NetInterface(name, index, type, up, addresses);
    }

    public NetInterface withAddress(InetAddress address, boolean present) {
        List<InetAddress> next = new ArrayList<>(addresses);
        next.remove(address);
        if (present) {
            next.add(address);
        }
        return new NetInterface(name, index, type, carrier, next);
    }
}
