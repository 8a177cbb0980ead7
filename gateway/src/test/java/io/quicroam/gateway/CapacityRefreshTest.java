package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import io.quicroam.transport.DatagramCapacity;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The gateway's downlink limit follows what each connection's path MTU discovery found (RFC 8899), not the figure
 * of the handshake: read on every tick, on virtual time.
 */
class CapacityRefreshTest {
    /** quiche's worst-case packet overhead with a 20-byte connection ID (QuicTuning.SHORT_HEADER_OVERHEAD). */
    private static final int OVERHEAD = 44;

    private final VirtualTime time = new VirtualTime();
    private final Session session = new Session(1, "alice", null, reason -> {});
    private final CapacityRefresh refresh = new CapacityRefresh(time, () -> List.of(session));

    @Test
    void eachOpenPathFollowsItsPathMtuAtTheNextTick() {
        AtomicLong pmtu = new AtomicLong(1200);
        DatagramCapacity capacity = DatagramCapacity.atQuicMinimum();
        session.attach(StubTunnels.tunnel(0, new AtomicBoolean(true), capacity, pmtu::get));
        refresh.start();
        assertThat(capacity.maxPayload()).isEqualTo(1200 - OVERHEAD);

        pmtu.set(1472); // discovery climbed
        time.advance(CapacityRefresh.REFRESH.minusMillis(1));
        assertThat(capacity.maxPayload()).as("not before the tick").isEqualTo(1200 - OVERHEAD);
        time.advance(CapacityRefresh.REFRESH);
        assertThat(capacity.maxPayload()).isEqualTo(1472 - OVERHEAD);

        pmtu.set(1350); // a black hole detected: discovery lowered it
        time.advance(CapacityRefresh.REFRESH);
        assertThat(capacity.maxPayload()).isEqualTo(1350 - OVERHEAD);
    }

    @Test
    void aClosedPathIsNotAskedAndStopEndsTheTicks() {
        AtomicBoolean open = new AtomicBoolean(true);
        AtomicLong pmtu = new AtomicLong(1472);
        DatagramCapacity capacity = DatagramCapacity.atQuicMinimum();
        session.attach(StubTunnels.tunnel(0, open, capacity, pmtu::get));
        refresh.start();
        open.set(false);
        pmtu.set(1300);
        time.advance(CapacityRefresh.REFRESH);
        assertThat(capacity.maxPayload()).isEqualTo(1472 - OVERHEAD);

        refresh.stop();
        assertThat(time.pendingTasks()).isZero();
    }
}
