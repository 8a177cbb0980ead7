package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureRecordTest {
    private static final long S = 1_000_000_000L;

    @Test
    void renewedFailuresCountUpAndAMinuteHealthyClearsThem() {
        FailureRecord record = new FailureRecord();
        record.failed(0);
        record.healthy(2 * S);
        record.failed(20 * S);
        assertThat(record.failures()).as("failed again 18 s after coming back").isEqualTo(2);
        record.healthy(22 * S);
        record.healthy(50 * S); // still the same healthy stretch, which began at 22 s
        record.failed(81 * S);
        assertThat(record.failures()).as("healthy for 59 s first").isEqualTo(3);
        record.healthy(83 * S);
        record.failed(83 * S + FailureRecord.HEALTHY_RESET.toNanos());
        assertThat(record.failures()).as("healthy for a minute first").isEqualTo(1);
    }
}
