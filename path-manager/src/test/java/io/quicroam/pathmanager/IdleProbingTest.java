package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.Trigger;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Probing follows traffic (issue #17), with the shipped settings on virtual time: an idle tunnel's paths are all
 * probed on the standby rhythm, the carrying one fast only while traffic flows and shortly after, and the first
 * packet after an idle spell probes the carrying path at once, so a network that died while idle is left as fast as
 * one that dies under traffic.
 */
class IdleProbingTest {
    private static final long MS = 1_000_000L;

    private static FakeAgent wifiAndLte() {
        FakeAgent agent = new FakeAgent(PathManagerConfig.defaults());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(40));
        agent.advance(Duration.ofSeconds(5));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        return agent;
    }

    @Test
    void anIdleTunnelProbesEveryPathOnTheStandbyRhythmOnly() {
        FakeAgent agent = wifiAndLte();
        int wifi = agent.probesOn("wlan0").size();
        int lte = agent.probesOn("wwan0").size();
        agent.advance(Duration.ofMinutes(1));
        // 25 s apart: two or three in a minute, on the carrying path as on the standby (was 1200 on Wi-Fi).
        assertThat(agent.probesOn("wlan0").size() - wifi).isBetween(2, 3);
        assertThat(agent.probesOn("wwan0").size() - lte).isBetween(2, 3);
        // And nothing else keeps waking the path manager's thread: two paths' next ticks, no more.
        assertThat(agent.time.pendingTasks()).isLessThanOrEqualTo(3);
    }

    @Test
    void theCarryingPathIsProbedFastWhileTrafficFlowsAndForTwoSecondsAfter() {
        FakeAgent agent = wifiAndLte();
        agent.userTraffic = true;
        int underTraffic = agent.probesOn("wlan0").size();
        agent.advance(Duration.ofSeconds(10));
        // Every 4 active intervals (200 ms) while traffic confirms the path.
        assertThat(agent.probesOn("wlan0").size() - underTraffic).isBetween(45, 55);

        agent.userTraffic = false;
        long stoppedAt = agent.time.nanos();
        agent.advance(Duration.ofSeconds(20));
        long lastFast = agent.probesOn("wlan0").stream()
                .mapToLong(FakeAgent.Probe::timeNanos)
                .filter(t -> t > stoppedAt)
                .reduce((a, b) -> b - a < 1000 * MS ? b : a)
                .orElseThrow();
        assertThat(lastFast - stoppedAt)
                .as("the last fast probe, after the traffic stopped")
                .isBetween(1900 * MS, 2100 * MS);
    }

    @Test
    void wifiThatDiedWhileIdleIsLeftWithin300msOfTheTrafficResuming() {
        FakeAgent agent = wifiAndLte();
        agent.advance(Duration.ofSeconds(30));
        agent.blackholed.add("wlan0"); // silent while idle: nobody notices before the next standby probe
        agent.advance(Duration.ofMillis(1000));
        int decisions = agent.decisions.size();
        int probes = agent.probesOn("wlan0").size();

        long resumedAt = agent.time.nanos();
        agent.userTraffic = true;
        agent.advance(Duration.ofMillis(20));
        assertThat(agent.probesOn("wlan0").size())
                .as("a probe with the first packet after the idle spell")
                .isGreaterThan(probes);
        agent.advance(Duration.ofMillis(980));

        assertThat(agent.decisions.size()).as("a handover").isGreaterThan(decisions);
        assertThat(agent.decisions.get(decisions).available())
                .extracting(p -> p.interfaceName())
                .containsExactly("wwan0");
        assertThat(agent.decisions.get(decisions).trigger()).isEqualTo(Trigger.PROBE_LOSS);
        // The silent-failure bound under traffic: two lost 50 ms probes, ~250 ms (ProbeSettings.defaults()).
        assertThat(agent.decisionTimes.get(decisions) - resumedAt).isLessThanOrEqualTo(300 * MS);
    }
}
