package io.quicroam.pathmanager.iface;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns raw observations (a link with its flags, an address present or gone, a full snapshot) into
 * {@link NetworkChange} events, each change once: the kernel repeats RTM_NEWLINK for flag and statistics updates
 * and a polling monitor sees the same state again and again. Keyed by interface index, so a rename is a removal
 * and an addition. Not thread-safe: one monitor thread feeds it.
 */
public final class ChangeDetector {
    /** One interface as observed; {@code up} means carrier (operationally up). */
    public record LinkSnapshot(int index, String name, boolean up, Set<InetAddress> addresses) {
        public LinkSnapshot {
            addresses = Set.copyOf(addresses);
        }
    }

    private static final class Link {
        final String name;
        boolean up;
        final Set<InetAddress> addresses = new LinkedHashSet<>();

        Link(String name) {
            this.name = name;
        }
    }

    private final Map<Integer, Link> links = new HashMap<>();
    private final Clock clock;
    private final Consumer<NetworkChange> sink;

    public ChangeDetector(Clock clock, Consumer<NetworkChange> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    public void link(int index, String name, boolean up) {
        Link link = links.get(index);
        if (link != null && !link.name.equals(name)) {
            linkRemoved(index);
            link = null;
        }
        if (link == null) {
            link = new Link(name);
            links.put(index, link);
            emit(NetworkChange.Kind.ADDED, name, index);
        }
        if (link.up != up) {
            link.up = up;
            emit(up ? NetworkChange.Kind.UP : NetworkChange.Kind.DOWN, name, index);
        }
    }

    public void linkRemoved(int index) {
        Link link = links.remove(index);
        if (link != null) {
            emit(NetworkChange.Kind.REMOVED, link.name, index);
        }
    }

    /** An address appeared or went; ignored for an index never announced as a link. */
    public void address(int index, InetAddress address, boolean present) {
        Link link = links.get(index);
        if (link == null) {
            return;
        }
        boolean changed = present ? link.addresses.add(address) : link.addresses.remove(address);
        if (changed) {
            sink.accept(NetworkChange.address(
                    present ? NetworkChange.Kind.ADDRESS_ADDED : NetworkChange.Kind.ADDRESS_REMOVED,
                    link.name,
                    index,
                    address,
                    clock.instant()));
        }
    }

    /** The default route through {@code index} changed; {@code gateway} may be null. */
    public void defaultRoute(int index, InetAddress gateway) {
        Link link = links.get(index);
        if (link != null) {
            sink.accept(new NetworkChange(
                    NetworkChange.Kind.ROUTE_CHANGED,
                    link.name,
                    index,
                    gateway == null ? List.of() : List.of(gateway),
                    clock.instant()));
        }
    }

    /** A full picture (polling): reports what differs from the last one. */
    public void snapshot(List<LinkSnapshot> current) {
        Set<Integer> seen = new HashSet<>();
        for (LinkSnapshot s : current) {
            seen.add(s.index());
            link(s.index(), s.name(), s.up());
            Link link = links.get(s.index());
            for (InetAddress gone : new ArrayList<>(link.addresses)) {
                if (!s.addresses().contains(gone)) {
                    address(s.index(), gone, false);
                }
            }
            for (InetAddress a : s.addresses()) {
                address(s.index(), a, true);
            }
        }
        for (Integer index : new ArrayList<>(links.keySet())) {
            if (!seen.contains(index)) {
                linkRemoved(index);
            }
        }
    }

    private void emit(NetworkChange.Kind kind, String name, int index) {
        sink.accept(NetworkChange.of(kind, name, index, clock.instant()));
    }
}
