package io.quicroam.gateway;

import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Keeps every open path's datagram capacity where its connection's path MTU discovery (RFC 8899, RFC 9000 §14.3)
 * has got: quiche starts each connection at 1200-byte packets and climbs, and netty reports the capacity only at the
 * handshake. Without this a session would answer "too big" with the handshake's figure for its whole life.
 *
 * <p>Threads: ticks on the gateway's timer thread; each read hops to its connection's event loop.
 */
final class CapacityRefresh {
    /** How often: what quiche's discovery needs to be followed within a few hundred milliseconds (as the agent). */
    static final Duration REFRESH = Duration.ofMillis(250);

    private final TimeSource time;
    private final Supplier<? extends Collection<Session>> sessions;
    private volatile Cancellable next = () -> {};

    CapacityRefresh(TimeSource time, Supplier<? extends Collection<Session>> sessions) {
        this.time = time;
        this.sessions = sessions;
    }

    void start() {
        time.execute(this::tick);
    }

    private void tick() {
        for (Session session : sessions.get()) {
            session.refreshCapacities();
        }
        next = time.schedule(REFRESH, this::tick);
    }

    void stop() {
        next.cancel();
    }
}
