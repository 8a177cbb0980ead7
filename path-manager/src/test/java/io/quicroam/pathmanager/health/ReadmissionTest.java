package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.TestSettings;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Re-admission's count of failures (what doubles the move-back wait) and its outage pace, on virtual time. */
class ReadmissionTest {
    private static final long MS = 1_000_000L;

    private final VirtualTime time = new VirtualTime();
    private final Readmission readmission =
            new Readmission("wlan0", TestSettings.probes(), time.clock(), new FailureRecord());

    private void advance(Duration d) {
        time.advance(d);
    }

    @Test
    void everyOpeningCountsInTheInterfacesRecord() {
        FailureRecord record = new FailureRecord();
        Readmission first = new Readmission("wlan0", TestSettings.probes(), time.clock(), record);
        first.open(time.nanos());
        // The path's connection was replaced: its successor inherits the record.
        Readmission second = new Readmission("wlan0", TestSettings.probes(), time.clock(), record);
        second.open(time.nanos());
        assertThat(second.failures()).isEqualTo(2);
    }

    @Test
    void duringAnOutageTrialsGoEvery100msAndTheFirstAnswerReadmits() {
        readmission.open(time.nanos());
        readmission.hurry(time.nanos());
        int trials = 0;
        for (int ms = 0; ms < 1000; ms++) {
            if (readmission.tryTrial(time.nanos())) {
                trials++;
                assertThat(readmission.record(false, 0, time.nanos())).isEqualTo(Readmission.Outcome.PENDING);
            }
            advance(Duration.ofMillis(1));
        }
        assertThat(trials).isEqualTo(10);
        while (!readmission.tryTrial(time.nanos())) {
            advance(Duration.ofMillis(1));
        }
        assertThat(readmission.record(true, 10 * MS, time.nanos())).isEqualTo(Readmission.Outcome.READMITTED);
        assertThat(readmission.state().name()).isEqualTo("CLOSED");
    }

    @Test
    void aLongOutageBacksOffToOneTrialASecond() {
        readmission.open(time.nanos());
        readmission.hurry(time.nanos());
        advance(Readmission.OUTAGE_FAST);
        int trials = 0;
        for (int ms = 0; ms < 5000; ms++) {
            if (readmission.tryTrial(time.nanos())) {
                trials++;
                readmission.record(false, 0, time.nanos());
            }
            advance(Duration.ofMillis(1));
        }
        assertThat(trials).isEqualTo(5);
    }

    @Test
    void whenAnotherPathWorksAgainTheOutagePaceEnds() {
        readmission.open(time.nanos());
        readmission.hurry(time.nanos());
        assertThat(readmission.tryTrial(time.nanos())).isTrue();
        readmission.calm(time.nanos());
        advance(Duration.ofMillis(500));
        assertThat(readmission.tryTrial(time.nanos()))
                .as("back on the breaker's 1 s wait")
                .isFalse();
        assertThat(readmission.nextTrialNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }
}
