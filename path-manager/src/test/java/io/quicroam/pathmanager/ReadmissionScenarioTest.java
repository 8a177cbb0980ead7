package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A FAILED path comes back only through the circuit breaker's half-open trials, with exponential backoff while
 * another path works (with none left, {@link NoPathLeftBehindTest} applies).
 */
class ReadmissionScenarioTest {
    private static final long MS = 1_000_000L;

    @Test
    void failedPathIsTriedAfter1s2s4sAndReadmittedWhenTrialsAreAnswered() {
        FakeAgent agent = new FakeAgent(TestSettings.config());
        agent.network("eth0", InterfaceClass.ETHERNET, "198.18.2.2", Duration.ofMillis(5));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        agent.userTraffic = true; // a tunnel in use: an idle one probes its carrying path on the standby rhythm
        agent.advance(Duration.ofSeconds(1));
        agent.blackholed.add("eth0");
        long failedAt = -1;
        for (int i = 0; i < 3000 && failedAt < 0; i++) {
            agent.advanceMillis(1);
            if (state(agent) == PathState.FAILED) {
                failedAt = agent.time.nanos();
            }
        }
        assertThat(failedAt).isPositive();
        int probesAtFailure = agent.probesOn("eth0").size();

        agent.advance(Duration.ofSeconds(8));
        List<Long> trialRounds = roundStarts(agent.probesOn("eth0")
                .subList(probesAtFailure, agent.probesOn("eth0").size()));
        // Rounds of 3 trial probes, the waits between rounds doubling: 1 s after failing, then 2 s after the
        // first round failed (its last loss), then 4 s...
        assertThat(trialRounds).hasSizeGreaterThanOrEqualTo(2);
        assertThat(trialRounds.get(0) - failedAt).isBetween(1000 * MS, 1010 * MS);
        long firstRoundEnd = trialRounds.get(0) + 200 * MS + 100 * MS; // 3 probes 100 ms apart + timeout
        assertThat(trialRounds.get(1) - firstRoundEnd).isBetween(2000 * MS, 2010 * MS);
        assertThat(agent.probesOn("eth0").size() - probesAtFailure).isEqualTo(3 * trialRounds.size());

        agent.blackholed.remove("eth0");
        agent.advance(Duration.ofSeconds(10));
        assertThat(state(agent)).isEqualTo(PathState.ACTIVE_CAPABLE);
    }

    private static PathState state(FakeAgent agent) {
        return agent.pm.status().join().stream()
                .filter(s -> s.id().interfaceName().equals("eth0"))
                .findFirst()
                .orElseThrow()
                .state();
    }

    /** Start times of bursts of probes separated by more than 500 ms. */
    private static List<Long> roundStarts(List<FakeAgent.Probe> probes) {
        List<Long> starts = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (FakeAgent.Probe p : probes) {
            if (previous == Long.MIN_VALUE || p.timeNanos() - previous > 500 * MS) {
                starts.add(p.timeNanos());
            }
            previous = p.timeNanos();
        }
        return starts;
    }
}
