package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    @Test
    void oneLinePerIntervalWithTheSuppressedCount() {
        AtomicLong now = new AtomicLong(5);
        RateLimitedLog limited = new RateLimitedLog(now::get, Duration.ofMinutes(1));
        assertThat(limited.tryLog()).as("the first occurrence is logged").isZero();
        for (int i = 0; i < 99; i++) {
            assertThat(limited.tryLog()).isEqualTo(-1);
        }
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(limited.tryLog()).as("still within the minute").isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limited.tryLog())
                .as("a minute later, with what was suppressed")
                .isEqualTo(100);
        assertThat(limited.tryLog()).isEqualTo(-1);
    }
}
