package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DropMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DropMeters drops = new DropMeters(registry, "quicroam_test_drops");

    @Test
    void everyReasonHasItsOwnCounterUnderOneNameFromTheStart() {
        // Registered up front: a reason that never happened reads 0 rather than being absent from a scrape.
        assertThat(registry.find("quicroam_test_drops").counters()).hasSize(DropReason.values().length);
        assertThat(registry.get("quicroam_test_drops")
                        .tag("reason", "unknown-context")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void aDropCountsUnderItsReasonOnly() {
        drops.dropped(DropReason.HOP_LIMIT);
        drops.dropped(DropReason.HOP_LIMIT);
        drops.dropped(DropReason.SPOOFED_SOURCE);
        assertThat(drops.count(DropReason.HOP_LIMIT)).isEqualTo(2);
        assertThat(drops.count(DropReason.SPOOFED_SOURCE)).isEqualTo(1);
        assertThat(drops.count(DropReason.QUEUE_FULL)).isZero();
        Counter hopLimit =
                registry.get("quicroam_test_drops").tag("reason", "hop-limit").counter();
        assertThat(hopLimit.count()).isEqualTo(2);
    }
}
