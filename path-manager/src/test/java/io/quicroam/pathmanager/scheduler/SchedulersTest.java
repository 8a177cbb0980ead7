package io.quicroam.pathmanager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import io.quicroam.pathmanager.policy.InterfacePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulersTest {
    private static final long MS = 1_000_000L;
    private static final InetSocketAddress GW = new InetSocketAddress(InetAddress.getLoopbackAddress(), 443);

    private static PathView path(
            String name, int priority, boolean backupOnly, PathState state, long since, long srttMs) throws Exception {
        return path(name, priority, backupOnly, state, since, srttMs, 0);
    }

    /** {@code failures}: how often the path failed or was demoted since it was last healthy for long. */
    private static PathView path(
            String name, int priority, boolean backupOnly, PathState state, long since, long srttMs, int failures)
            throws Exception {
        return path(name, priority, backupOnly, state, since, srttMs, failures, false);
    }

    /** {@code silent}: nothing heard from the path since its last probes were lost (its network is gone). */
    private static PathView path(
            String name,
            int priority,
            boolean backupOnly,
            PathState state,
            long since,
            long srttMs,
            int failures,
            boolean silent)
            throws Exception {
        return new PathView(
                new PathId(name, InetAddress.getByName("198.18.0.2"), GW),
                state,
                since,
                new InterfacePolicy(InterfaceClass.OTHER, priority, false, backupOnly, false, ""),
                srttMs > 0,
                srttMs * MS,
                failures,
                silent,
                Long.MIN_VALUE,
                false);
    }

    private static List<String> available(Plan plan) {
        return plan.roles().entrySet().stream()
                .filter(e -> e.getValue() == PathRole.AVAILABLE)
                .map(e -> e.getKey().interfaceName())
                .sorted()
                .toList();
    }

    @Test
    void activeBackupPrefersPriorityAndKeepsBackupOnlyForLastResort() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 30);
        PathView lte = path("wwan0", 5, true, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(available(s.decide(List.of(wifi, lte), 0))).containsExactly("wlan0");
        PathView wifiFailed = path("wlan0", 20, false, PathState.FAILED, 0, 30);
        assertThat(available(s.decide(List.of(wifiFailed, lte), 0))).containsExactly("wwan0");
    }

    @Test
    void activeBackupAsksToBeReconsideredWhenThePreferredPathWillBeStable() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        s.decide(List.of(lte), 0);
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 1000 * MS, 30);
        Plan waiting = s.decide(List.of(wifi, lte), 2000 * MS);
        assertThat(available(waiting)).containsExactly("wwan0");
        assertThat(waiting.reconsiderAtNanos()).hasValue(11_000 * MS);
        assertThat(waiting.auditions()).isEmpty();
        // Stable for move-back-after: it must show that it works now before the traffic goes there.
        Plan auditioning = s.decide(List.of(wifi, lte), 11_000 * MS);
        assertThat(available(auditioning)).containsExactly("wwan0");
        assertThat(auditioning.auditions()).containsExactly(wifi.id());
        Plan moved = s.decide(List.of(proven(wifi), lte), 11_600 * MS);
        assertThat(available(moved)).containsExactly("wlan0");
        assertThat(moved.reason()).contains(Trigger.PREFERRED_RETURNED);
        assertThat(moved.auditions()).isEmpty();
    }

    /**
     * Issue #13, fading-wifi: the carrying Wi-Fi loses a quarter of its probes (SUSPECT, never silent) while the LTE,
     * which failed lately, is on probation. The LTE is auditioned, and takes the traffic once it passed, long before its
     * probation ends; the Wi-Fi keeps it meanwhile.
     */
    @Test
    void aSuspectCarrierIsLeftForAPathOnProbationOnceItPassedAnAudition() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5);
        PathView lteBack = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 1000 * MS, 50, 1);
        assertThat(available(s.decide(List.of(wifi, lteBack), 1000 * MS))).containsExactly("wlan0");
        PathView wifiLossy = path("wlan0", 20, false, PathState.SUSPECT, 2000 * MS, 5, 0, false);
        Plan auditioning = s.decide(List.of(wifiLossy, lteBack), 2000 * MS);
        assertThat(available(auditioning)).containsExactly("wlan0");
        assertThat(auditioning.auditions()).containsExactly(lteBack.id());
        Plan moved = s.decide(List.of(wifiLossy, proven(lteBack)), 2600 * MS);
        assertThat(available(moved)).containsExactly("wwan0");
        assertThat(moved.reason()).contains(Trigger.PROBE_LOSS);
    }

    /** {@code p}, having passed the audition its scheduler asked for. */
    private static PathView proven(PathView p) {
        return copy(p, p.waveringUntilNanos(), true);
    }

    @Test
    void aSuspectPathKeepsTheTrafficFromAPathStillOnProbationAfterAFailure() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        PathView wifiFailed = path("wlan0", 20, false, PathState.FAILED, 0, 5, 1);
        assertThat(available(s.decide(List.of(wifiFailed, lte), 0))).containsExactly("wwan0");
        // The Wi-Fi answered its trial at 1 s (a lossy network does); at 2 s the LTE turns SUSPECT.
        PathView wifiBack = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 1000 * MS, 5, 1);
        PathView lteSuspect = path("wwan0", 30, false, PathState.SUSPECT, 2000 * MS, 50);
        Plan suspect = s.decide(List.of(wifiBack, lteSuspect), 2000 * MS);
        assertThat(available(suspect)).containsExactly("wwan0");
        assertThat(suspect.reconsiderAtNanos()).hasValue(11_000 * MS);
        // A FAILED carrier is left for it at once; a SUSPECT one for a path with a clean record.
        PathView lteFailed = path("wwan0", 30, false, PathState.FAILED, 2500 * MS, 50, 1, true);
        assertThat(available(s.decide(List.of(wifiBack, lteFailed), 2500 * MS))).containsExactly("wlan0");
        PathView wifiSuspect = path("wlan0", 20, false, PathState.SUSPECT, 3000 * MS, 5, 1);
        PathView lteBack = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 2900 * MS, 50, 1);
        PathView ethernet = path("eth1", 40, false, PathState.ACTIVE_CAPABLE, 0, 2);
        assertThat(available(s.decide(List.of(wifiSuspect, lteBack, ethernet), 3000 * MS)))
                .containsExactly("eth1");
    }

    /**
     * Issue #13 (SoakTest's random events): the carrying LTE is blackholed while the Wi-Fi is on probation. Its network
     * is gone, not slow: the Wi-Fi takes the traffic at SUSPECT, not seconds later at FAILED.
     */
    @Test
    void aSilentSuspectCarrierIsLeftAtOnceEvenForAPathOnProbation() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView wifiFailed = path("wlan0", 20, false, PathState.FAILED, 0, 5, 1, true);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(available(s.decide(List.of(wifiFailed, lte), 0))).containsExactly("wwan0");
        PathView wifiBack = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 1000 * MS, 5, 1);
        PathView lteSlow = path("wwan0", 30, false, PathState.SUSPECT, 2000 * MS, 50, 0, false);
        assertThat(available(s.decide(List.of(wifiBack, lteSlow), 2000 * MS))).containsExactly("wwan0");
        PathView lteSilent = path("wwan0", 30, false, PathState.SUSPECT, 2000 * MS, 50, 0, true);
        Plan gone = s.decide(List.of(wifiBack, lteSilent), 2100 * MS);
        assertThat(available(gone)).containsExactly("wlan0");
        assertThat(gone.reconsiderAtNanos()).isEmpty();
    }

    /**
     * A carrier demoted for fading (FAILED, yet still heard from) is handed to a path not on probation, even one ranked
     * lower; to a path on probation only when no other is capable (the path manager demotes onto one only to undo its
     * own last demotion).
     */
    @Test
    void aCarrierDemotedForFadingGoesToAPathOffProbationFirst() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView wifiBack = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 1000 * MS, 5, 1);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        PathView ethernet = path("eth1", 40, false, PathState.ACTIVE_CAPABLE, 0, 2);
        s.decide(List.of(lte), 0);
        assertThat(available(s.decide(List.of(wifiBack, lte, ethernet), 2000 * MS)))
                .containsExactly("wwan0");
        PathView lteDemoted = path("wwan0", 30, false, PathState.FAILED, 2000 * MS, 50, 1, false);
        assertThat(available(s.decide(List.of(wifiBack, lteDemoted, ethernet), 2000 * MS)))
                .containsExactly("eth1");

        ActiveBackupScheduler alone = new ActiveBackupScheduler(Duration.ofSeconds(10));
        alone.decide(List.of(lte), 0);
        assertThat(available(alone.decide(List.of(wifiBack, lteDemoted), 2000 * MS)))
                .containsExactly("wlan0");
    }

    @Test
    void withNothingCapableASuspectPathBeatsAProbingOne() throws Exception {
        ActiveBackupScheduler s = new ActiveBackupScheduler(Duration.ofSeconds(10));
        PathView a = path("wlan0", 20, false, PathState.PROBING, 0, 0);
        PathView b = path("wwan0", 30, false, PathState.SUSPECT, 0, 40);
        assertThat(available(s.decide(List.of(a, b), 0))).containsExactly("wwan0");
    }

    @Test
    void lowestRttSwitchesOnlyForAClearlyFasterPath() throws Exception {
        LowestRttScheduler s = new LowestRttScheduler();
        PathView a = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 40);
        PathView b = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(available(s.decide(List.of(a, b), 0))).containsExactly("wlan0");
        PathView aSlower = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 55); // b is only 9% faster
        assertThat(available(s.decide(List.of(aSlower, b), 0))).containsExactly("wlan0");
        PathView aInflated = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 200);
        Plan p = s.decide(List.of(aInflated, b), 0);
        assertThat(available(p)).containsExactly("wwan0");
        assertThat(p.reason()).contains(Trigger.RTT_INFLATION);
    }

    @Test
    void redundantKeepsTheOldPathAvailableForTheHandoverWindow() throws Exception {
        RedundantScheduler s =
                new RedundantScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), Duration.ofSeconds(2));
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 30);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(available(s.decide(List.of(wifi, lte), 0))).containsExactly("wlan0");
        PathView wifiSuspect = path("wlan0", 20, false, PathState.SUSPECT, 100 * MS, 30);
        Plan during = s.decide(List.of(wifiSuspect, lte), 100 * MS);
        assertThat(available(during)).containsExactly("wlan0", "wwan0");
        assertThat(during.available()).as("the new path is the primary").first().isEqualTo(lte.id());
        assertThat(during.reconsiderAtNanos()).hasValue(2100 * MS);
        Plan after = s.decide(List.of(wifiSuspect, lte), 2100 * MS);
        assertThat(available(after)).containsExactly("wwan0");
        assertThat(after.reason()).contains(Trigger.HANDOVER_WINDOW_ENDED);
    }

    @Test
    void redundantDropsAFailedOldPathAtOnce() throws Exception {
        RedundantScheduler s =
                new RedundantScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), Duration.ofSeconds(2));
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 30);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        s.decide(List.of(wifi, lte), 0);
        PathView wifiFailed = path("wlan0", 20, false, PathState.FAILED, 100 * MS, 30);
        assertThat(available(s.decide(List.of(wifiFailed, lte), 100 * MS))).containsExactly("wwan0");
    }

    /** {@code p}, wavering until {@code untilNanos}. */
    private static PathView wavering(PathView p, long untilNanos) {
        return copy(p, untilNanos, p.proven());
    }

    private static PathView copy(PathView p, long waveringUntilNanos, boolean proven) {
        return new PathView(
                p.id(),
                p.state(),
                p.stateSinceNanos(),
                p.policy(),
                p.hasRtt(),
                p.srttNanos(),
                p.failures(),
                p.silent(),
                waveringUntilNanos,
                proven);
    }

    @Test
    void aWaveringCarrierIsCoveredByTheBestSteadyStandbyAndStaysPrimary() throws Exception {
        CoveringScheduler s = new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> true);
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        PathView other = path("eth1", 40, false, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(s.decide(List.of(wifi, lte, other), 0).available()).containsExactly(wifi.id());

        Plan covered = s.decide(List.of(wavering(wifi, 2000 * MS), lte, other), 100 * MS);
        assertThat(covered.available()).containsExactly(wifi.id(), lte.id());
        assertThat(covered.reason()).contains(Trigger.COVER);
        assertThat(covered.reconsiderAtNanos()).hasValue(2000 * MS);

        Plan after = s.decide(List.of(wavering(wifi, 2000 * MS), lte, other), 2000 * MS);
        assertThat(after.available()).containsExactly(wifi.id());
        assertThat(after.reason()).contains(Trigger.COVER_ENDED);
    }

    @Test
    void noCoverWithoutCopiesOrWithoutASteadyStandby() throws Exception {
        PathView wifi = wavering(path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5), 2000 * MS);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        CoveringScheduler noCopies =
                new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> false);
        assertThat(noCopies.decide(List.of(wifi, lte), 0).available()).containsExactly(wifi.id());

        CoveringScheduler s = new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> true);
        PathView lteWavering = wavering(lte, 2000 * MS);
        PathView lteSuspect = path("wwan0", 30, false, PathState.SUSPECT, 0, 50);
        assertThat(s.decide(List.of(wifi, lteWavering), 0).available()).containsExactly(wifi.id());
        assertThat(s.decide(List.of(wifi, lteSuspect), 0).available()).containsExactly(wifi.id());
    }

    @Test
    void aCarrierThatKeepsWaveringIsCoveredTenSecondsThenRestsAMinute() throws Exception {
        CoveringScheduler s = new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> true);
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        long second = 1000 * MS;
        for (long t = 0; t < 10 * second; t += second) {
            Plan p = s.decide(List.of(wavering(wifi, t + 2 * second), lte), t);
            assertThat(p.available()).as("at %d s", t / second).containsExactly(wifi.id(), lte.id());
            assertThat(p.reconsiderAtNanos()).hasValue(Math.min(t + 2 * second, 10 * second));
        }
        for (long t = 10 * second; t < 70 * second; t += second) {
            Plan p = s.decide(List.of(wavering(wifi, t + 2 * second), lte), t);
            assertThat(p.available()).as("resting at %d s", t / second).containsExactly(wifi.id());
        }
        Plan again = s.decide(List.of(wavering(wifi, 72 * second), lte), 70 * second);
        assertThat(again.available()).containsExactly(wifi.id(), lte.id());
    }

    @Test
    void aStandbyThatWaversStopsCoveringAndCoversAgainOnceCalm() throws Exception {
        CoveringScheduler s = new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> true);
        PathView wifi = wavering(path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5), 9000 * MS);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        assertThat(s.decide(List.of(wifi, lte), 0).available()).containsExactly(wifi.id(), lte.id());

        Plan paused = s.decide(List.of(wifi, wavering(lte, 2300 * MS)), 300 * MS); // its queue fills with copies
        assertThat(paused.available()).containsExactly(wifi.id());
        assertThat(paused.reason()).contains(Trigger.COVER_ENDED);
        assertThat(paused.reconsiderAtNanos()).hasValue(2300 * MS);

        Plan again = s.decide(List.of(wifi, wavering(lte, 2300 * MS)), 2300 * MS);
        assertThat(again.available()).containsExactly(wifi.id(), lte.id());
        assertThat(again.reconsiderAtNanos()).as("the episode began at 0").hasValue(9000 * MS);
    }

    @Test
    void aNewCarrierWhoseStandbysAllWaverIsAskedAgainWhenOneIsCalmNotAtOnce() throws Exception {
        CoveringScheduler s = new CoveringScheduler(new ActiveBackupScheduler(Duration.ofSeconds(10)), () -> true);
        PathView wifi = path("wlan0", 20, false, PathState.ACTIVE_CAPABLE, 0, 5);
        PathView lte = path("wwan0", 30, false, PathState.ACTIVE_CAPABLE, 0, 50);
        PathView other = path("eth1", 40, false, PathState.ACTIVE_CAPABLE, 0, 50);
        long second = 1000 * MS;
        assertThat(s.decide(List.of(wavering(wifi, 2 * second), lte, other), 0).available())
                .containsExactly(wifi.id(), lte.id());
        // 12 s later, next asked: the Wi-Fi failed, the LTE carries and wavers, and so does the only other standby.
        PathView wifiFailed = path("wlan0", 20, false, PathState.FAILED, second, 5);
        Plan p = s.decide(List.of(wifiFailed, wavering(lte, 13 * second), wavering(other, 14 * second)), 12 * second);
        assertThat(p.available()).containsExactly(lte.id());
        assertThat(p.reconsiderAtNanos()).as("not in the past: no busy loop").hasValue(14 * second);
    }
}
