package io.quicroam.pathmanager.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PathManagerConfigTest {
    private static PathManagerConfig read(String yaml) throws ConfigException {
        ConfigMap root = YamlConfig.parse(yaml, "agent.yaml");
        PathManagerConfig config = PathManagerConfig.from(root);
        root.finish();
        return config;
    }

    private static ConfigException failure(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> read(yaml));
    }

    @Test
    void readsTheWholePolicy() throws Exception {
        PathManagerConfig c = read("""
                interfaces:
                  wlan0: {class: wifi, priority: 5}
                  wwan0: {class: cellular, metered: false, backup-only: true}
                  "docker*": {exclude: true}
                policy:
                  scheduler: lowest-rtt
                  move-back-after: 30s
                  handover-window: 1500ms
                  debounce: 0ms
                  classes:
                    ethernet: {priority: 1}
                probes:
                  active-interval: 200ms
                  standby-interval: 15s
                  metered-min-interval: 2s
                  loss-window: 50
                  suspect-after: 2
                  failed-after: 4
                """);
        assertThat(c.scheduler()).isEqualTo(SchedulerKind.LOWEST_RTT);
        assertThat(c.moveBackAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.handoverWindow()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.debounce()).isZero();
        assertThat(c.probes().activeInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.probes().standbyInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.probes().failedAfter()).isEqualTo(4);
        InterfacePolicies p = c.interfaces();
        assertThat(p.resolve("wlan0", InterfaceClass.OTHER))
                .isEqualTo(new InterfacePolicy(InterfaceClass.WIFI, 5, false, false, false, ""));
        assertThat(p.resolve("wwan0", InterfaceClass.OTHER))
                .isEqualTo(new InterfacePolicy(InterfaceClass.CELLULAR, 30, false, true, false, ""));
        assertThat(p.resolve("docker0", InterfaceClass.VIRTUAL).excludedBy())
                .isEqualTo("excluded by interfaces.docker*");
        assertThat(p.resolve("eth0", InterfaceClass.ETHERNET).priority()).isEqualTo(1);
    }

    @Test
    void emptyYamlGivesTheDefaults() throws Exception {
        PathManagerConfig c = read("");
        assertThat(c.scheduler()).isEqualTo(SchedulerKind.ACTIVE_BACKUP);
        assertThat(c.moveBackAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.debounce()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.probes()).isEqualTo(ProbeSettings.defaults());
    }

    @Test
    void unknownInterfaceClassNamesFileLineKeyAndTheChoices() {
        ConfigException e = failure("interfaces:\n  wlan0: {class: wiifi}\n");
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:2:18: interfaces.wlan0.class: expected one of wifi, cellular, "
                        + "ethernet, virtual, loopback, other, got 'wiifi' (did you mean 'wifi'?)");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("interfaces.wlan0.class");
    }

    @Test
    void unknownClassUnderPolicyClassesIsATypo() {
        ConfigException e = failure("policy:\n  classes:\n    cellular: {priority: 3}\n    wfi: {priority: 1}\n");
        assertThat(e.getMessage())
                .startsWith("agent.yaml:4:5: policy.classes.wfi: unknown key 'wfi'; did you mean 'wifi'?");
    }

    @Test
    void negativeIntervalNamesTheRange() {
        ConfigException e = failure("probes:\n  standby-interval: -10s\n");
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:2:21: probes.standby-interval: expected a duration such as "
                        + "250ms, 5s, 2m or 1h, between 100ms and 1h, got '-10s'");
    }

    @Test
    void typoInAKeySuggestsTheRightOne() {
        ConfigException e = failure("probes:\n  active-interval: 100ms\n  standby-intervall: 5s\n");
        assertThat(e.getMessage())
                .startsWith(
                        "agent.yaml:3:3: probes.standby-intervall: unknown key 'standby-intervall'; did you mean 'standby-interval'?");
        assertThat(failure("interfaces:\n  eth0: {priorty: 3}\n").getMessage())
                .startsWith(
                        "agent.yaml:2:10: interfaces.eth0.priorty: unknown key 'priorty'; did you mean 'priority'?");
    }

    @Test
    void inconsistentThresholdsAreRejected() {
        assertThat(failure("probes:\n  suspect-after: 4\n  failed-after: 3\n").getMessage())
                .isEqualTo(
                        "agent.yaml:3:17: probes.failed-after: expected an integer greater than suspect-after (4), got '3'");
        assertThat(failure("policy:\n  scheduler: round-robin\n").getMessage())
                .contains("policy.scheduler: expected one of active-backup, lowest-rtt, redundant");
        assertThat(failure("interfaces:\n  eth0: {priority: -1}\n").getMessage())
                .contains("interfaces.eth0.priority: expected an integer between 0 and 1000, got '-1'");
    }
}
