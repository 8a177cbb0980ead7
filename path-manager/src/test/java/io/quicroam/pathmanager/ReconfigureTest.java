package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.Trigger;
import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.policy.InterfaceSettings;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reload (SIGHUP) changes policy without closing what it does not touch. */
class ReconfigureTest {

    private static PathManagerConfig with(InterfacePolicies policies) {
        PathManagerConfig c = TestSettings.config();
        return new PathManagerConfig(
                policies, c.probes(), c.scheduler(), c.moveBackAfter(), c.handoverWindow(), c.debounce());
    }

    @Test
    void excludingTheActiveInterfaceMovesTrafficAndReadmittingItOpensItAgain() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(50));
        agent.advance(Duration.ofSeconds(1));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");

        agent.pm.reconfigure(with(new InterfacePolicies(
                Map.of(), Map.of("wlan0", new InterfaceSettings(null, null, null, null, true)), null)));
        agent.advance(Duration.ofMillis(100));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        assertThat(agent.decisions.get(agent.decisions.size() - 1).trigger())
                .isIn(Trigger.POLICY_CHANGED, Trigger.PATH_CLOSED);

        agent.pm.reconfigure(TestSettings.config());
        agent.advance(Duration.ofSeconds(15)); // back after move-back-after
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    @Test
    void reloadingTheSamePolicyKeepsTheActivePath() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(50));
        agent.advance(Duration.ofSeconds(1));
        double switches = agent.switches();
        agent.pm.reconfigure(TestSettings.config());
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        assertThat(agent.switches()).isEqualTo(switches);
    }
}
