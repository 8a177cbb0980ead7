package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.transport.DatagramCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A downlink packet larger than the path it would take carries never reaches QUIC: it is refused with the limit. */
class SessionDownlinkTest {
    private final List<Integer> refusedWithLimit = new ArrayList<>();
    private final Session.Oversize oversize = (packet, limit) -> {
        packet.release();
        refusedWithLimit.add(limit);
    };

    @Test
    void theLimitIsThePathsCapacityLessTheDatagramHeader() {
        Session session = new Session(1, "alice", null, reason -> {});
        DatagramCapacity capacity = new DatagramCapacity(1400);
        session.attach(StubTunnels.tunnel(0, new AtomicBoolean(true), capacity));

        session.sendDownlink(packet(1399), oversize);
        // Stream 0: quarter stream ID 0 and context ID 0, one byte each (RFC 9297 §2.1, RFC 9484 §6).
        assertThat(refusedWithLimit).containsExactly(1398);

        capacity.update(1300); // the path's MTU fell (PMTUD): the next packet is held to the new figure
        session.sendDownlink(packet(1299), oversize);
        assertThat(refusedWithLimit).containsExactly(1398, 1298);
    }

    @Test
    void sequencedCopiesAreHeldToTheSmallestPathAndTheSequenceNumber() {
        Session session = new Session(1, "alice", "token", reason -> {});
        SessionPath wifi = session.attach(StubTunnels.tunnel(0, new AtomicBoolean(true), new DatagramCapacity(1400)));
        SessionPath lte = session.attach(StubTunnels.tunnel(4, new AtomicBoolean(true), new DatagramCapacity(1300)));
        session.status(lte, new PathStatus(lte.pathId, 1, PathStatus.Status.AVAILABLE));
        assertThat(wifi.status()).isEqualTo(PathStatus.Status.AVAILABLE);

        session.sendDownlink(packet(1298), oversize);
        // LTE's 1300 less quarter stream ID 1 (1 byte), context ID 4 (1 byte) and sequence number 0 (1 byte).
        assertThat(refusedWithLimit).containsExactly(1297);
    }

    private static ByteBuf packet(int length) {
        return Unpooled.buffer(length).writeZero(length);
    }
}
