package io.quicroam.pathmanager;

import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Duration;

/**
 * The probe timings the scenario tests were worked out with (100 ms probes, SUSPECT after 3 losses), fixed here so
 * the shipped defaults can be tuned without rewriting every expected time stamp.
 */
public final class TestSettings {
    private TestSettings() {}

    public static ProbeSettings probes() {
        return new ProbeSettings(
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMillis(100),
                20,
                3,
                6,
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                3);
    }

    public static PathManagerConfig config() {
        PathManagerConfig d = PathManagerConfig.defaults();
        return new PathManagerConfig(
                d.interfaces(), probes(), d.scheduler(), d.moveBackAfter(), d.handoverWindow(), d.debounce());
    }
}
