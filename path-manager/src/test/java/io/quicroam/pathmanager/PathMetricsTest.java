package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PathMetricsTest {
    @Test
    void perPathMetersAreTaggedByInterfaceNotAddressAndRemovedWithThePath() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.advance(Duration.ofSeconds(1));
        agent.pm.trafficReceived(agent.path("wlan0"), 1000);
        agent.pm.trafficSent(agent.path("wlan0"), 500);

        var rtt = agent.registry.get("quicroam.path.rtt").tag("path", "wlan0").gauge();
        assertThat(rtt.value()).isEqualTo(0.020);
        assertThat(agent.registry
                        .get("quicroam.path.state")
                        .tag("interface", "wlan0")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        assertThat(agent.registry.get("quicroam.path.loss.ratio").gauge().value())
                .isZero();
        assertThat(agent.registry.get("quicroam.path.probes.sent").counter().count())
                .isPositive();
        assertThat(agent.registry
                        .get("quicroam.path.bytes.received")
                        .functionCounter()
                        .count())
                .isEqualTo(1000);
        assertThat(agent.registry
                        .get("quicroam.path.bytes.sent")
                        .functionCounter()
                        .count())
                .isEqualTo(500);
        for (Meter m : agent.registry.getMeters()) {
            m.getId().getTags().forEach(t -> assertThat(t.getValue()).doesNotContain("198.18"));
        }

        agent.monitor.linkDown("wlan0");
        assertThat(agent.registry.find("quicroam.path.rtt").gauges()).isEmpty();
    }
}
