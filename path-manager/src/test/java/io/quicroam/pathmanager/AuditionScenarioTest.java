package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, goal 2 on virtual time: a path takes the traffic from a carrier that still delivers only after it showed
 * that it works now, by answering probes at the active pace ({@code Audition}), not on a timer alone. The tests'
 * probes go every 100 ms, so an audition takes about a second.
 */
class AuditionScenarioTest {
    private static final long MS = 1_000_000L;

    private final FakeAgent agent = new FakeAgent(TestSettings.config());

    private void wifiCarrying() {
        agent.wifiCarryingWithLteStandby();
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    /** When the traffic first went to {@code name} after {@code afterNanos}, or -1. */
    private long carriesFrom(String name, long afterNanos) {
        for (int i = 0; i < agent.decisions.size(); i++) {
            long at = agent.decisionTimes.get(i);
            List<String> on = agent.decisions.get(i).available().stream()
                    .map(p -> p.interfaceName())
                    .toList();
            if (at > afterNanos && on.contains(name)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * lossy-uplink: the preferred Wi-Fi comes back from a failure losing one probe in five (its uplink; user traffic
     * still arrives). It answers its trial probes and is capable again; move-back-after alone would hand it the
     * traffic 10 s later. Its audition fails instead (two misses in ten), which counts as a renewed failure: no move
     * back within 20 s. Once its loss is over it takes the traffic back after its doubled wait and an audition.
     */
    @Test
    void aLossyPreferredNetworkFailsItsAuditionAndTheTrafficStaysWhereItIs() {
        wifiCarrying();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(2_000);
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        long lossyAt = agent.time.nanos();
        agent.blackholed.remove("wlan0");
        agent.dropOneIn.put("wlan0", 5);

        agent.advance(Duration.ofSeconds(20));
        assertThat(carriesFrom("wlan0", lossyAt))
                .as("the lossy Wi-Fi never carried")
                .isEqualTo(-1);
        long auditionProbes = agent.probesOn("wlan0").stream()
                .filter(p -> p.timeNanos() > lossyAt + 5_000 * MS)
                .count();
        // Its standby pace (10 s here) would be two probes; its audition 10-11 s after it was re-admitted is ten.
        assertThat(auditionProbes).as("Wi-Fi probes 5-20 s after it came back").isGreaterThanOrEqualTo(8);

        long cleanAt = agent.time.nanos();
        agent.dropOneIn.remove("wlan0");
        agent.advance(Duration.ofSeconds(30));
        long back = carriesFrom("wlan0", cleanAt);
        // Its failed audition (at 13 s) was a renewed failure: re-admitted at 14.4 s, it waits 20 s, not 10, then
        // passes an audition: 35.5 s after it came back, 15.5 s after its loss ended.
        assertThat((back - cleanAt) / MS).as("ms until the clean Wi-Fi carries").isBetween(14_500L, 16_500L);
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.PREFERRED_RETURNED);
    }

    /**
     * fading-wifi: the carrying Wi-Fi loses one probe in three (SUSPECT; user traffic still arrives, so never silent)
     * while the LTE, which failed a little earlier, is on probation. The LTE is auditioned and takes the traffic about
     * a second after the Wi-Fi turned SUSPECT, not when its probation ends.
     */
    @Test
    void aLossyCarrierIsLeftForAPathOnProbationOnceThatPassesItsAudition() {
        wifiCarrying();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(2_000);
        agent.blackholed.remove("wlan0");
        agent.advanceMillis(2_000); // the Wi-Fi is capable again, on probation
        agent.blackholed.add("wwan0");
        // The LTE falls silent: the Wi-Fi takes the traffic at once, and the LTE fails (six probes lost, 1 s apart on
        // a metered network).
        agent.advanceMillis(8_000);
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        agent.blackholed.remove("wwan0");
        agent.advanceMillis(2_000); // the LTE is capable again, on probation for 10 s
        long lossyAt = agent.time.nanos();
        agent.dropOneIn.put("wlan0", 3);
        long suspectAt = -1;
        while (carriesFrom("wwan0", lossyAt) < 0 && agent.time.nanos() - lossyAt < 8_000 * MS) {
            agent.advanceMillis(10);
            if (suspectAt < 0) {
                suspectAt = agent.states.stream()
                        .filter(s -> s.timeNanos() > lossyAt
                                && s.path().interfaceName().equals("wlan0")
                                && s.state() == PathState.SUSPECT)
                        .mapToLong(FakeAgent.StateReport::timeNanos)
                        .findFirst()
                        .orElse(-1);
            }
        }
        long movedAt = carriesFrom("wwan0", lossyAt);
        assertThat(suspectAt).as("the Wi-Fi turned SUSPECT").isPositive();
        assertThat(movedAt).as("the LTE took the traffic within 8 s").isPositive();
        // Measured 950 ms: ten probes 100 ms apart (a metered LTE's limit does not slow an audition) and the last one's
        // 50 ms answer. Without the audition the Wi-Fi kept the traffic until the LTE's probation ended, 5.4 s later.
        assertThat((movedAt - suspectAt) / MS).as("ms from SUSPECT to the move").isBetween(900L, 1_500L);
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.PROBE_LOSS);
    }
}
