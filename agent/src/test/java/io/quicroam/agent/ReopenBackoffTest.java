package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.ReopenBackoff.Cause;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reopen backoff on virtual time: when each retry runs, by why the interface is tried again. */
class ReopenBackoffTest {
    private final VirtualTime time = new VirtualTime();
    private final ReopenBackoff backoff = new ReopenBackoff(time);
    private final List<Duration> ranAt = new ArrayList<>();

    /** Schedules a retry on {@code name} for {@code cause} and lets it run; returns how long it waited. */
    private Duration retry(String name, Cause cause) {
        long before = time.nanos();
        int runs = ranAt.size();
        backoff.schedule(name, cause, () -> ranAt.add(Duration.ofNanos(time.nanos())));
        time.advance(Duration.ofMinutes(1));
        assertThat(ranAt).hasSize(runs + 1);
        return ranAt.get(runs).minusNanos(before);
    }

    private List<Duration> retries(String name, Cause cause, int count) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(retry(name, cause));
        }
        return waits;
    }

    @Test
    void aGatewayThatRefusedIsAskedAgainAfterADoublingWaitUpToThirtySeconds() {
        assertThat(retries("wlan0", Cause.REFUSED, 9))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Test
    void aLocalNetworkErrorIsRetriedWithinASecondHoweverOftenItFails() {
        assertThat(retries("wlan0", Cause.NETWORK, 6))
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
    }

    @Test
    void aSilentNetworkIsRetriedAtOnceBecauseTheAttemptAlreadyWaited() {
        assertThat(retries("wlan0", Cause.SILENCE, 3)).containsOnly(Duration.ZERO);
        assertThat(backoff.waiting("wlan0")).isFalse();
    }

    @Test
    void anOpenPathStartsTheInterfaceAfresh() {
        retries("wlan0", Cause.REFUSED, 2);
        retries("wlan0", Cause.NETWORK, 2);
        backoff.reset("wlan0");

        assertThat(retry("wlan0", Cause.REFUSED)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry("wlan0", Cause.NETWORK)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void eachInterfaceBacksOffOnItsOwn() {
        retries("wlan0", Cause.REFUSED, 2);

        assertThat(retry("wwan0", Cause.REFUSED)).isEqualTo(Duration.ofMillis(500));
        assertThat(retry("wlan0", Cause.REFUSED)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anInterfaceWaitsAndNothingRunsBeforeItsTime() {
        backoff.schedule("wlan0", Cause.REFUSED, () -> ranAt.add(Duration.ofNanos(time.nanos())));
        time.advance(Duration.ofMillis(499));
        assertThat(ranAt).isEmpty();
        assertThat(backoff.waiting("wlan0")).isTrue();
        assertThat(backoff.waiting("wwan0")).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(ranAt).containsExactly(Duration.ofMillis(500));
        assertThat(backoff.waiting("wlan0")).isFalse();
    }
}
