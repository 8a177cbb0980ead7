package io.quicroam.pathmanager.iface;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one event type for "the network changed", from any {@link InterfaceMonitor}.
 *
 * @param addresses for ADDRESS_ADDED / ADDRESS_REMOVED the address concerned; for ROUTE_CHANGED the default
 *                  route's gateway if it has one; otherwise empty
 */
public record NetworkChange(Kind kind, String name, int index, List<InetAddress> addresses, Instant time) {
    /** What changed. A loss ({@link #isLoss()}) must reach the path manager at once; a gain may be debounced. */
    public enum Kind {
        ADDED,
        REMOVED,
        UP,
        DOWN,
        ADDRESS_ADDED,
        ADDRESS_REMOVED,
        ROUTE_CHANGED;

        /** The spelling in {@code quicroam interfaces --watch}: {@code address-added} etc. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** True for changes that take a network away: carrier lost, interface or address gone. */
        public boolean isLoss() {
            return this == REMOVED || this == DOWN || this == ADDRESS_REMOVED;
        }
    }

    public NetworkChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        addresses = List.copyOf(addresses);
    }

    public static NetworkChange of(Kind kind, String name, int index, Instant time) {
        return new NetworkChange(kind, name, index, List.of(), time);
    }

    public static NetworkChange address(Kind kind, String name, int index, InetAddress address, Instant time) {
        return new NetworkChange(kind, name, index, List.of(address), time);
    }
}
