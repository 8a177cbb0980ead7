package io.quicroam.agent;

import io.quicroam.pathmanager.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reopen backoff on virtual time: when each retry runs. */
class ReopenBackoffTest {
    private final VirtualTime time = new VirtualTime();
    private final ReopenBackoff backoff = new ReopenBackoff(time);
    private final List<Duration> ranAt = new ArrayList<>();

    /** Schedules a retry on {@code name} and lets it run; returns how long it waited. */
    private Duration retry(String name) {
        long before = time.nanos();
        int runs = ranAt.size();
        backoff.schedule(name, () -> ranAt.add(Duration.ofNanos(time.nanos())));
        time.advance(Duration.ofMinutes(1));
        assertThat(ranAt).hasSize(runs + 1);
        return ranAt.get(runs).minusNanos(before);
    }

    @Test
    void doublesFromHalfASecondUpToThirtySeconds() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            waits.add(retry("wlan0"));
        }

        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void anOpenPathStartsTheInterfaceAfresh() {
        retry("wlan0");
        retry("wlan0");
        backoff.reset("wlan0");

        assertThat(retry("wlan0")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void eachInterfaceBacksOffOnItsOwn() {
        retry("wlan0");
        retry("wlan0");

        assertThat(retry("wwan0")).isEqualTo(Duration.ofMillis(500));
        assertThat(retry("wlan0")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void nothingRunsBeforeItsTime() {
        backoff.schedule("wlan0", () -> ranAt.add(Duration.ofNanos(time.nanos())));
        time.advance(Duration.ofMillis(499));
        assertThat(ranAt).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(ranAt).containsExactly(Duration.ofMillis(500));
    }
}
