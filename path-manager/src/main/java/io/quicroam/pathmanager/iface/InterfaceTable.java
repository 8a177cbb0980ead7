package io.quicroam.pathmanager.iface;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current state of every interface, folded from {@link NetworkChange} events. Idempotent: a repeated event
 * (e.g. DOWN for an interface already down) changes nothing, so the debouncer may deliver losses twice. An event
 * for an interface never announced creates it, so monitors that miss ADDED still work.
 */
public final class InterfaceTable {
    /** An interface before and after one change; either may be empty (added / removed / unknown). */
    public record Transition(Optional<NetInterface> before, Optional<NetInterface> after) {
        public boolean changed() {
            return !before.equals(after);
        }
    }

    private final Map<String, NetInterface> byName = new LinkedHashMap<>();
    private final InterfaceClassifier classifier;

    public InterfaceTable(InterfaceClassifier classifier) {
        this.classifier = classifier;
    }

    public Transition apply(NetworkChange change) {
        Optional<NetInterface> before = Optional.ofNullable(byName.get(change.name()));
        NetInterface current = before.orElse(null);
        if (change.kind() == NetworkChange.Kind.REMOVED) {
            byName.remove(change.name());
            return new Transition(before, Optional.empty());
        }
        if (current == null || (change.kind() == NetworkChange.Kind.ADDED && current.index() != change.index())) {
            current = new NetInterface(
                    change.name(), change.index(), classifier.classify(change.name()), false, List.of());
        }
        NetInterface after = switch (change.kind()) {
            case UP -> current.withCarrier(true);
            case DOWN -> current.withCarrier(false);
            case ADDRESS_ADDED -> withAddresses(current, change, true);
            case ADDRESS_REMOVED -> withAddresses(current, change, false);
            case ADDED, ROUTE_CHANGED, REMOVED -> current;
        };
        byName.put(after.name(), after);
        return new Transition(before, Optional.of(after));
    }

    private static NetInterface withAddresses(NetInterface ni, NetworkChange change, boolean present) {
        NetInterface result = ni;
        for (var address : change.addresses()) {
            result = result.withAddress(address, present);
        }
        return result;
    }

    public Optional<NetInterface> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<NetInterface> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
