package io.quicroam.pathmanager.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    @Test
    void runsDueTasksInOrderAtTheirDueTime() {
        VirtualTime time = new VirtualTime();
        List<String> log = new ArrayList<>();
        time.schedule(Duration.ofMillis(30), () -> log.add("b@" + time.nanos() / 1_000_000));
        time.schedule(Duration.ofMillis(10), () -> log.add("a@" + time.nanos() / 1_000_000));
        time.schedule(Duration.ofMillis(30), () -> log.add("c@" + time.nanos() / 1_000_000));
        Cancellable cancelled = time.schedule(Duration.ofMillis(20), () -> log.add("never"));
        cancelled.cancel();
        time.advance(Duration.ofMillis(25));
        assertThat(log).containsExactly("a@10");
        assertThat(time.nanos()).isEqualTo(25_000_000);
        time.advance(Duration.ofMillis(100));
        assertThat(log).containsExactly("a@10", "b@30", "c@30");
        assertThat(time.clock().instant().toString()).isEqualTo("2025-01-01T00:00:00.125Z");
    }

    @Test
    void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
        VirtualTime time = new VirtualTime();
        List<Long> ticks = new ArrayList<>();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            ticks.add(time.nanos() / 1_000_000);
            time.schedule(Duration.ofMillis(100), tick[0]);
        };
        time.schedule(Duration.ZERO, tick[0]);
        time.advance(Duration.ofMillis(350));
        assertThat(ticks).containsExactly(0L, 100L, 200L, 300L);
    }

    @Test
    void executeFromInsideATaskRunsAfterIt() {
        VirtualTime time = new VirtualTime();
        List<String> log = new ArrayList<>();
        time.execute(() -> {
            time.execute(() -> log.add("inner"));
            log.add("outer");
        });
        assertThat(log).containsExactly("outer", "inner");
    }
}
