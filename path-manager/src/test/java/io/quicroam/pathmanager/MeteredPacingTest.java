package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever happens (losses, resumes, carrier flaps, traffic), a metered standby interface is never probed too often;
 * the one carrying traffic is probed at the active pace, so its silence is noticed as fast as any other's.
 */
class MeteredPacingTest {
    enum Action {
        ADVANCE_SHORT,
        ADVANCE_LONG,
        BLACKHOLE,
        RESTORE,
        REPROBE_ALL,
        LINK_DOWN,
        LINK_UP,
        TRAFFIC_ON,
        TRAFFIC_OFF
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        return Arbitraries.of(Action.class).list().ofMinSize(20).ofMaxSize(200);
    }

    @Property(tries = 60)
    void meteredInterfaceIsNeverProbedMoreOftenThanConfigured(@ForAll("scripts") List<Action> script) {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        // The preferred Ethernet always works: the metered LTE stays a standby path, which the limit is for.
        agent.network("eth0", InterfaceClass.ETHERNET, "198.18.2.2", Duration.ofMillis(5));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(60));
        for (Action a : script) {
            switch (a) {
                case ADVANCE_SHORT -> agent.advanceMillis(50);
                case ADVANCE_LONG -> agent.advanceMillis(1700);
                case BLACKHOLE -> agent.blackholed.add("wwan0");
                case RESTORE -> agent.blackholed.remove("wwan0");
                case REPROBE_ALL -> agent.pm.reprobeAll();
                case LINK_DOWN -> agent.monitor.linkDown("wwan0");
                case LINK_UP -> agent.monitor.linkUp("wwan0");
                case TRAFFIC_ON -> agent.userTraffic = true;
                case TRAFFIC_OFF -> agent.userTraffic = false;
            }
        }
        // End on a working link so that there is something to measure.
        agent.monitor.linkUp("wwan0");
        agent.blackholed.remove("wwan0");
        agent.advance(Duration.ofSeconds(30));
        List<FakeAgent.Probe> probes = agent.probesOn("wwan0");
        assertThat(probes).isNotEmpty();
        for (int i = 1; i < probes.size(); i++) {
            assertThat(probes.get(i).timeNanos() - probes.get(i - 1).timeNanos())
                    .as("gap before probe %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }
    }

    @Property(tries = 1)
    void aSilentMeteredPathCarryingTrafficIsLeftWithinASecond() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(60));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.advance(Duration.ofSeconds(2));
        // Wi-Fi goes (carrier lost): LTE carries, metered.
        agent.monitor.linkDown("wlan0");
        agent.advance(Duration.ofSeconds(3));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.userTraffic = true;
        agent.advance(Duration.ofSeconds(2));
        long silentAt = agent.time.nanos();
        agent.blackholed.add("wwan0");
        while (agent.availableInterfaces().contains("wwan0") && agent.time.nanos() - silentAt < 5_000_000_000L) {
            agent.advanceMillis(5);
        }
        // Three lost probes (suspect-after) at the active pace: 0.6 s measured, not the 2-3 s that probes limited to
        // one a second took.
        assertThat(agent.time.nanos() - silentAt)
                .isLessThan(Duration.ofMillis(1000).toNanos());
    }
}
