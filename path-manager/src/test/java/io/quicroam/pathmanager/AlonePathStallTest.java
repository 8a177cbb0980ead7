package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lte-drive (issue #13): once the Wi-Fi is gone, a stall of the only network left must not get its connection
 * replaced: the agent would open a new one whose handshake queues behind the stalled packets, and lose all it sends
 * until then (174 of 1500 call packets in CI). A path alone on the only usable interface is held back for
 * {@link Outage#ALONE_HOLD}; with another usable interface (reconnect mode's next one) it is told FAILED at once.
 * On virtual time.
 */
class AlonePathStallTest {
    private final FakeAgent agent = new FakeAgent(TestSettings.config());

    private void lteAlone() {
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(60));
        agent.userTraffic = true;
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
    }

    private PathState state() {
        return agent.pm.status().join().get(0).state();
    }

    private List<PathState> reported() {
        return agent.states.stream().map(FakeAgent.StateReport::state).toList();
    }

    @Test
    void aStallOfTheOnlyNetworkKeepsItsConnectionAndCarriesOnWhenItEnds() {
        lteAlone();
        agent.blackholed.add("wwan0"); // the cell stalls, then drains its queue: 2.5 s without an answer
        agent.advance(Duration.ofMillis(2500));
        assertThat(state()).as("the stall is long enough to fail the path").isEqualTo(PathState.FAILED);
        agent.blackholed.remove("wwan0");
        agent.advance(Duration.ofMillis(400));

        assertThat(reported())
                .as("no FAILED told: the agent keeps the connection")
                .doesNotContain(PathState.FAILED);
        assertThat(state()).isEqualTo(PathState.ACTIVE_CAPABLE);
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
    }

    @Test
    void theOnlyNetworkSilentForLongerThanTheHoldHasItsConnectionReplaced() {
        lteAlone();
        agent.blackholed.add("wwan0"); // a NAT rebind QUIC cannot follow looks the same: only a new connection helps
        agent.advance(Duration.ofSeconds(2));
        long failedAt = agent.time.nanos();
        assertThat(state()).isEqualTo(PathState.FAILED);
        agent.advance(Duration.ofSeconds(5));

        List<FakeAgent.StateReport> failed =
                agent.states.stream().filter(r -> r.state() == PathState.FAILED).toList();
        assertThat(failed).hasSize(1);
        // Told within the hold plus the outage pace's next loss (100 ms probes), not after HOLD_MAX's 10 s.
        assertThat((failed.get(0).timeNanos() - failedAt) / 1_000_000L)
                .isLessThanOrEqualTo(Outage.ALONE_HOLD.toMillis() + 200);
    }

    @Test
    void aPathAloneBesideAnotherUsableInterfaceIsToldAtOnce() {
        agent.noPathOn.add("wlan0"); // as reconnect mode: one path at a time, the next interface waits for FAILED
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));
        lteAlone();
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(2));

        assertThat(state()).isEqualTo(PathState.FAILED);
        assertThat(reported()).contains(PathState.FAILED);
    }
}
