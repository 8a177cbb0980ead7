package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A FAILED path comes back soon after its network does, however long the outage was (issue #21), and a session is
 * never left waiting on re-admission backoffs while every path is FAILED. On virtual time.
 */
class NoPathLeftBehindTest {
    private static final long MS = 1_000_000L;

    /** The test timings, with the shipped re-admission waits. */
    private static PathManagerConfig shippedReadmission() {
        ProbeSettings t = TestSettings.probes();
        ProbeSettings d = ProbeSettings.defaults();
        ProbeSettings probes = new ProbeSettings(
                t.activeInterval(),
                t.standbyInterval(),
                t.meteredMinInterval(),
                t.timeoutMin(),
                t.lossWindow(),
                t.suspectAfter(),
                t.failedAfter(),
                t.recoverAfter(),
                d.readmitBackoff(),
                d.readmitBackoffMax(),
                d.readmitProbes());
        PathManagerConfig c = TestSettings.config();
        return new PathManagerConfig(
                c.interfaces(), probes, c.scheduler(), c.moveBackAfter(), c.handoverWindow(), c.debounce());
    }

    private static PathState state(FakeAgent agent, String interfaceName) {
        return agent.pm.status().join().stream()
                .filter(s -> s.id().interfaceName().equals(interfaceName))
                .findFirst()
                .orElseThrow()
                .state();
    }

    /** Advances 1 ms at a time until {@code interfaceName} is in {@code wanted}; returns how long that took. */
    private static long millisUntil(FakeAgent agent, String interfaceName, PathState wanted, long limitMillis) {
        for (long ms = 0; ms <= limitMillis; ms++) {
            if (state(agent, interfaceName) == wanted) {
                return ms;
            }
            agent.advanceMillis(1);
        }
        throw new AssertionError(interfaceName + " not " + wanted + " within " + limitMillis + " ms");
    }

    @Test
    void aFailedPathIsBackWithinASecondOfItsNetworkHoweverLongTheOutage() {
        FakeAgent agent = new FakeAgent(shippedReadmission());
        agent.network("eth0", InterfaceClass.ETHERNET, "198.18.2.2", Duration.ofMillis(5));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20)); // works all along
        agent.advance(Duration.ofSeconds(1));

        for (Duration outage : List.of(Duration.ofSeconds(5), Duration.ofSeconds(40), Duration.ofSeconds(130))) {
            agent.blackholed.add("eth0");
            millisUntil(agent, "eth0", PathState.FAILED, 70_000); // a standby is probed every 10 s
            agent.advance(outage);
            agent.blackholed.remove("eth0");

            long back = millisUntil(agent, "eth0", PathState.ACTIVE_CAPABLE, 10_000);
            // A trial round that straddles the return fails (up to 200 ms), then at most the 750 ms wait, three
            // trial probes 100 ms apart (50 ms with the shipped pacing) and their 5 ms round trip: ~1255 ms.
            assertThat(back)
                    .as("ms from the network's return to the path's, after a %s outage", outage)
                    .isLessThanOrEqualTo(1_260);
        }
    }

    @Test
    void whenEveryPathFailedEachIsTriedAtOnceAndKeptOnTheShortestWait() {
        FakeAgent agent = new FakeAgent(TestSettings.config()); // re-admission waits 1 s doubling to 60 s
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(40));
        agent.userTraffic = true; // a tunnel in use: an idle one probes its carrying path on the standby rhythm
        agent.advance(Duration.ofSeconds(1));
        agent.blackholed.add("wlan0");
        agent.advance(Duration.ofSeconds(40)); // wlan0 FAILED long ago: its wait has grown to 16 s and more
        assertThat(state(agent, "wlan0")).isEqualTo(PathState.FAILED);
        int wlanProbes = agent.probesOn("wlan0").size();

        agent.blackholed.add("wwan0");
        millisUntil(agent, "wwan0", PathState.FAILED, 10_000); // metered: a probe a second
        agent.advance(Duration.ofMillis(1));
        assertThat(agent.probesOn("wlan0"))
                .as("a trial on wlan0 the moment no path works")
                .hasSize(wlanProbes + 1);

        agent.advance(Duration.ofSeconds(20)); // no path works: trials keep coming at the first wait
        agent.blackholed.remove("wlan0");
        long back = millisUntil(agent, "wlan0", PathState.ACTIVE_CAPABLE, 10_000);
        // The first wait (1 s), three trials 100 ms apart and their round trip; a grown wait would be 16 s or more.
        assertThat(back).as("ms from wlan0's return to its path's").isLessThanOrEqualTo(1_400);
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }
}
