package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.Trigger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handover rules on virtual time: Wi-Fi (preferred) and LTE (metered) as in the examples. */
class PathManagerScenarioTest {
    private static FakeAgent wifiAndLte() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(50));
        agent.advance(Duration.ofSeconds(1));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        return agent;
    }

    private static PathState stateOf(FakeAgent agent, String interfaceName) {
        return agent.pm.status().join().stream()
                .filter(s -> s.id().interfaceName().equals(interfaceName))
                .findFirst()
                .orElseThrow()
                .state();
    }

    @Test
    void wifiLosingThreeProbesInARowIsSuspectWithin300msAndLteTakesOver() {
        FakeAgent agent = wifiAndLte();
        agent.userTraffic = true;
        // Off the carrying path's 200 ms probe grid: a probe that left at the blackhole's instant would be lost too.
        agent.advanceMillis(2050);
        int decisionsBefore = agent.decisions.size();
        long blackholeAt = agent.time.nanos();
        agent.blackholed.add("wlan0");

        agent.advanceMillis(1000);

        List<FakeAgent.Probe> lostProbes = agent.probesOn("wlan0").stream()
                .filter(p -> p.timeNanos() >= blackholeAt)
                .toList();
        PathDecision takeover = agent.decisions.get(decisionsBefore);
        long takeoverAt = agent.decisionTimes.get(decisionsBefore);
        assertThat(takeover.available()).extracting(p -> p.interfaceName()).containsExactly("wwan0");
        assertThat(takeover.roleOf(agent.path("wlan0"))).isEqualTo(PathRole.BACKUP);
        assertThat(takeover.trigger()).isEqualTo(Trigger.PROBE_LOSS);
        long firstLostProbeAt = lostProbes.get(0).timeNanos();
        assertThat(Duration.ofNanos(takeoverAt - firstLostProbeAt)).isLessThanOrEqualTo(Duration.ofMillis(300));
        // Three probes were lost before the switch (a fourth may leave at the very instant of it).
        assertThat(lostProbes.stream().filter(p -> p.timeNanos() < takeoverAt)).hasSize(3);
        // Probing starts only after 100 ms of silence: user traffic confirmed the path until the blackhole.
        assertThat(Duration.ofNanos(firstLostProbeAt - blackholeAt))
                .isBetween(Duration.ofMillis(90), Duration.ofMillis(110));
        assertThat(agent.switches()).isEqualTo(1.0);
    }

    @Test
    void aPathTheAgentFindsUnusableCarriesNoTrafficUntilItIsUsableAgain() {
        FakeAgent agent = wifiAndLte();

        agent.pm.pathUsable(agent.path("wlan0"), "mtu-too-small");
        agent.advanceMillis(1);
        assertThat(agent.availableInterfaces())
                .as("the healthy but unfit Wi-Fi hands over")
                .containsExactly("wwan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.MTU_CHANGED);
        assertThat(agent.pm.status().join().stream()
                        .filter(s -> s.id().interfaceName().equals("wlan0"))
                        .findFirst()
                        .orElseThrow()
                        .unusable())
                .as("status says why")
                .contains("mtu-too-small");
        agent.advance(Duration.ofSeconds(20));
        assertThat(agent.availableInterfaces()).as("move-back never picks it").containsExactly("wwan0");
        assertThat(stateOf(agent, "wlan0")).as("still probed").isEqualTo(PathState.ACTIVE_CAPABLE);

        agent.pm.pathUsable(agent.path("wlan0"), null);
        agent.advance(Duration.ofSeconds(2)); // its audition: ten probes 100 ms apart
        assertThat(agent.availableInterfaces())
                .as("fit again: the preferred Wi-Fi")
                .containsExactly("wlan0");
    }

    @Test
    void oneLostProbeDoesNotFlipThePath() {
        FakeAgent agent = wifiAndLte();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(150); // one probe goes unanswered
        agent.blackholed.remove("wlan0");
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        assertThat(stateOf(agent, "wlan0")).isEqualTo(PathState.ACTIVE_CAPABLE);
        assertThat(agent.switches()).isZero();
    }

    @Test
    void carrierLossSwitchesAtOnceWithoutWaitingForProbes() {
        FakeAgent agent = wifiAndLte();
        int before = agent.decisions.size();
        long downAt = agent.time.nanos();
        agent.monitor.linkDown("wlan0");
        PathDecision d = agent.decisions.get(before);
        assertThat(agent.decisionTimes.get(before)).isEqualTo(downAt);
        assertThat(d.trigger()).isEqualTo(Trigger.INTERFACE_DOWN);
        assertThat(d.available()).extracting(p -> p.interfaceName()).containsExactly("wwan0");
        assertThat(d.with(PathRole.ABANDON)).extracting(p -> p.interfaceName()).containsExactly("wlan0");
    }

    @Test
    void flappingEvery500msFor20sSwitchesOnceThenMovesBackOnceStable() {
        FakeAgent agent = wifiAndLte();
        for (int i = 0; i < 20; i++) {
            agent.monitor.linkDown("wlan0");
            agent.advanceMillis(500);
            agent.monitor.linkUp("wlan0");
            agent.advanceMillis(500);
        }
        // 1: away from Wi-Fi at the first flap; never back while it flaps.
        assertThat(agent.switches()).isEqualTo(1.0);
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");

        agent.advance(Duration.ofSeconds(11));
        // 2: back to Wi-Fi once it has been stable for move-back-after.
        assertThat(agent.switches()).isEqualTo(2.0);
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.PREFERRED_RETURNED);
    }

    @Test
    void wifiBackFor2sStaysOnLteBackFor10sMovesBack() {
        FakeAgent agent = wifiAndLte();
        agent.monitor.linkDown("wlan0");
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");

        agent.monitor.linkUp("wlan0");
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.monitor.linkDown("wlan0");
        agent.advance(Duration.ofSeconds(1));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");

        long upAt = agent.time.nanos();
        agent.monitor.linkUp("wlan0");
        agent.advance(Duration.ofSeconds(10));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        long movedAt = agent.decisionTimes.get(agent.decisionTimes.size() - 1);
        // Debounce (250 ms) + first probe answer (20 ms) + move-back-after (10 s) + its audition (ten probes 100 ms
        // apart, the last answered 20 ms later).
        assertThat(Duration.ofNanos(movedAt - upAt)).isBetween(Duration.ofMillis(11_100), Duration.ofMillis(11_300));
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.PREFERRED_RETURNED);
    }

    @Test
    void decisionsAreEmittedOnlyWhenTheyChangeWithIncreasingSequenceNumbers() {
        FakeAgent agent = wifiAndLte();
        agent.userTraffic = true;
        int count = agent.decisions.size();
        agent.advance(Duration.ofSeconds(30));
        assertThat(agent.decisions).hasSize(count);
        agent.monitor.linkDown("wlan0");
        agent.monitor.linkUp("wlan0");
        agent.advance(Duration.ofSeconds(15));
        List<Long> sequences =
                agent.decisions.stream().map(PathDecision::sequence).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        for (int i = 1; i < agent.decisions.size(); i++) {
            assertThat(agent.decisions.get(i).roles())
                    .isNotEqualTo(agent.decisions.get(i - 1).roles());
        }
    }

    @Test
    void standbyPathsAreProbedSparselyAndTheActiveOneLightlyUnderTraffic() {
        FakeAgent agent = wifiAndLte();
        agent.userTraffic = true;
        agent.advance(Duration.ofSeconds(1));
        int wifiBefore = agent.probesOn("wlan0").size();
        int lteBefore = agent.probesOn("wwan0").size();
        agent.advance(Duration.ofSeconds(60));
        // Traffic confirms Wi-Fi, but it is still measured every 4 active intervals (400 ms). LTE: one every 10 s.
        assertThat(agent.probesOn("wlan0").size() - wifiBefore).isBetween(145, 155);
        assertThat(agent.probesOn("wwan0").size() - lteBefore).isBetween(5, 7);

        agent.userTraffic = false;
        int silentBefore = agent.probesOn("wlan0").size();
        agent.advance(Duration.ofSeconds(1));
        assertThat(agent.probesOn("wlan0").size() - silentBefore).isBetween(9, 11);
    }

    @Test
    void addressRemovalAbandonsThePathAndRemovedInterfaceIsUnusable() {
        FakeAgent agent = wifiAndLte();
        agent.monitor.removeAddress("wlan0", FakeAgent.ip("198.18.0.2"));
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.ADDRESS_REMOVED);
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.monitor.remove("wwan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.INTERFACE_REMOVED);
        assertThat(agent.lastDecision().with(PathRole.ABANDON))
                .extracting(p -> p.interfaceName())
                .containsExactly("wwan0");
        assertThat(agent.pm.status().join()).isEmpty();
    }
}
