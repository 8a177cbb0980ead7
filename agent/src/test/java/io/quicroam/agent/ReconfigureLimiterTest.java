package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A burst of ROUTE_ADVERTISEMENTs becomes a few device changes, the last state always applied; virtual time. */
class ReconfigureLimiterTest {
    private final VirtualTime time = new VirtualTime();
    private final List<Integer> applied = new ArrayList<>();
    private int state;
    private final ReconfigureLimiter limiter =
            new ReconfigureLimiter(time, 4, Duration.ofMillis(500), () -> applied.add(state));

    @Test
    void theFirstChangesApplyAtOnce() {
        for (state = 1; state <= 3; state++) {
            limiter.request();
        }
        assertThat(applied).containsExactly(1, 2, 3);
    }

    @Test
    void aBurstIsCoalescedAndItsLastStateLands() {
        for (state = 1; state <= 10_000; state++) {
            limiter.request();
        }
        state = 10_000;
        assertThat(applied).as("the burst allowance").containsExactly(1, 2, 3, 4);

        time.advance(Duration.ofMillis(499));
        assertThat(applied).hasSize(4);
        time.advance(Duration.ofMillis(1));
        assertThat(applied).as("one coalesced change, with the latest state").containsExactly(1, 2, 3, 4, 10_000);

        time.advance(Duration.ofSeconds(10));
        assertThat(applied).as("nothing left to do").hasSize(5);
    }

    @Test
    void aSteadyStreamIsPacedToOnePerInterval() {
        for (int ms = 0; ms < 10_000; ms += 10) { // a change asked for every 10 ms for 10 s
            state = ms;
            limiter.request();
            time.advance(Duration.ofMillis(10));
        }
        // 4 at once, then one per 500 ms: 4 + 20 over 10 s.
        assertThat(applied).hasSizeBetween(23, 25);
    }
}
