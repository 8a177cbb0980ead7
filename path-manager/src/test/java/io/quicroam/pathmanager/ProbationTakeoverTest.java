package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A Wi-Fi on probation on virtual time (issue #13): it failed lately, so it would take nothing from a carrier that is
 * merely slow, yet takes the traffic at once when the carrying LTE falls silent (SoakTest's random events).
 */
class ProbationTakeoverTest {
    private static final long MS = 1_000_000L;

    private final FakeAgent agent = new FakeAgent(TestSettings.config());

    private void wifiCarrying() {
        agent.wifiCarryingWithLteStandby();
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    private void wifiOnProbation() {
        wifiCarrying();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(2_000); // FAILED: counted in its FailureRecord
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.blackholed.remove("wlan0");
        agent.advanceMillis(2_500); // capable again, not yet carrying: its move-back wait is doubled
        assertThat(agent.availableInterfaces()).as("the Wi-Fi on probation").containsExactly("wwan0");
    }

    /**
     * SoakTest's random events: the Wi-Fi, on probation since it failed under traffic, is back when the carrying LTE
     * is blackholed. Nothing is heard from the LTE any more: the Wi-Fi takes the traffic at SUSPECT
     * (three lost probes), not at FAILED (six).
     */
    @Test
    void aProbationaryPathTakesOverFromASilentCarrierAtSuspect() {
        wifiOnProbation();

        long blackholedAt = agent.time.nanos();
        agent.blackholed.add("wwan0");
        while (!agent.availableInterfaces().contains("wlan0") && agent.time.nanos() - blackholedAt < 5_000 * MS) {
            agent.advanceMillis(1);
        }
        // Measured 400 ms (SUSPECT: three probes lost); 700 ms when a silent carrier is taken for a slow one (FAILED:
        // six lost). Virtual time: no noise to leave room for.
        assertThat((agent.time.nanos() - blackholedAt) / MS)
                .as("ms until the Wi-Fi carries")
                .isLessThanOrEqualTo(500);
    }
}
