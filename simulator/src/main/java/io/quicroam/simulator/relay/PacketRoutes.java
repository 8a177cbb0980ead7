package io.quicroam.simulator.relay;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each packet inside a link goes when it comes out: the link ({@code Link}) keeps the packet's array, not a copy,
 * so the array itself tells its NAT mapping — the far socket an uplink packet leaves from, the agent socket a downlink
 * packet returns to. A packet the link drops never comes out: its entry is forgotten after {@link #HORIZON}, longer
 * than a packet waits in a link's queue. Loop thread only.
 */
final class PacketRoutes<R> {
    static final Duration HORIZON = Duration.ofSeconds(5);

    /** The array by identity: two packets with the same bytes are two packets. */
    private record Key(byte[] packet) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.packet == packet;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(packet);
        }
    }

    private record Route<R>(R to, long atNanos) {}

    /** In the order the packets entered, so the oldest are forgotten first. */
    private final Map<Key, Route<R>> routes = new LinkedHashMap<>();

    void put(byte[] packet, R to, long nowNanos) {
        for (Iterator<Route<R>> it = routes.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().atNanos() <= HORIZON.toNanos()) {
                break;
            }
            it.remove();
        }
        routes.put(new Key(packet), new Route<>(to, nowNanos));
    }

    /** The route {@code packet} entered the link with, or null if it is unknown (older than the horizon). */
    R take(byte[] packet) {
        Route<R> route = routes.remove(new Key(packet));
        return route == null ? null : route.to();
    }
}
