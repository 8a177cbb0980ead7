package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A Wi-Fi at the edge of its range on virtual time (issue #13 goal 2, {@code configs/scenarios/flapping.yaml}): its
 * carrier comes and goes while the loaded LTE that takes over answers its probes late now and then (SUSPECT). Each
 * carrier loss of the carrying Wi-Fi counts in its {@code FailureRecord}, so the returned Wi-Fi is on probation and
 * takes nothing from a merely SUSPECT LTE.
 */
class CarrierFlapTest {
    private static final long CYCLE_MS = 3_300;

    @Test
    void aCarrierDroppingSixTimesIn20sCausesAtMostThreeHandovers() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(50));
        agent.userTraffic = true;
        agent.advance(Duration.ofSeconds(11));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        double before = agent.switches();

        for (int i = 0; i < 6; i++) {
            agent.monitor.linkDown("wlan0");
            agent.advanceMillis(1_000);
            agent.monitor.linkUp("wlan0");
            agent.advanceMillis(1_000);
            // The loaded LTE goes quiet for 350 ms: three probes lost, SUSPECT, never FAILED.
            agent.blackholed.add("wwan0");
            agent.advanceMillis(350);
            agent.blackholed.remove("wwan0");
            agent.advanceMillis(CYCLE_MS - 2_350);
        }

        assertThat(agent.switches() - before).as("handovers in 20 s").isBetween(1.0, 3.0);
    }
}
