package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The handover log on virtual time and a hand-moved clock. */
class HandoverLogTest {
    private final VirtualTime time = new VirtualTime();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<Handover> heard = new ArrayList<>();
    private final HandoverLog log = new HandoverLog(time, nanos::get, List.of(new AgentListener() {
        @Override
        public void onHandover(Handover handover) {
            heard.add(handover);
        }
    }));

    @Test
    void aHandoverWaitsForItsFirstPacketThenKnowsHowLongItTook() {
        log.record("wlan0", "wwan0", "probe-loss");
        assertThat(log.snapshot()).containsExactly(new Handover(1_000, "wlan0", "wwan0", "probe-loss", -1));
        assertThat(heard).isEmpty();

        nanos.set(43_000);
        log.firstPacketOnCarrier();

        Handover done = new Handover(1_000, "wlan0", "wwan0", "probe-loss", 42_000);
        assertThat(heard).containsExactly(done);
        assertThat(log.snapshot()).containsExactly(done);
    }

    @Test
    void onlyTheFirstPacketCompletesAHandover() {
        log.record("wlan0", "wwan0", "interface-down");
        log.firstPacketOnCarrier();
        nanos.addAndGet(5_000);
        log.firstPacketOnCarrier();

        assertThat(heard).hasSize(1);
        assertThat(log.snapshot().get(0).durationNanos()).isZero();
    }

    @Test
    void packetsWithoutAPendingHandoverChangeNothing() {
        log.firstPacketOnCarrier();

        assertThat(heard).isEmpty();
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void aNewerHandoverReplacesTheOneStillWaiting() {
        log.record("wlan0", "wwan0", "probe-loss");
        nanos.set(2_000);
        log.record("wwan0", "eth0", "preferred-returned");
        nanos.set(3_000);
        log.firstPacketOnCarrier();

        assertThat(heard).containsExactly(new Handover(2_000, "wwan0", "eth0", "preferred-returned", 1_000));
        assertThat(log.snapshot()).extracting(Handover::durationNanos).containsExactly(-1L, 1_000L);
    }

    @Test
    void keepsOnlyTheLastHandovers() {
        for (int i = 0; i < HandoverLog.KEPT + 3; i++) {
            nanos.set(i);
            log.record("wlan0", "wwan0", "t" + i);
        }

        List<Handover> kept = log.snapshot();
        assertThat(kept).hasSize(HandoverLog.KEPT);
        assertThat(kept.get(0).trigger()).isEqualTo("t3");
        assertThat(kept.get(kept.size() - 1).trigger()).isEqualTo("t" + (HandoverLog.KEPT + 2));
    }
}
