package io.quicroam.pathmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.health.TransportSample;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.Trigger;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Goal 1, 2 and 4 of issue #13 on virtual time: a carrying path that fades on its transport's figures is left while
 * its probes still pass; a path that keeps failing causes at most three handovers in 20 s; and after every path was
 * silent, traffic resumes within one RTT + 100 ms of a network's return.
 */
class FadeHandoverTest {
    private static final long MS = 1_000_000L;
    /** Far more than the 250 kB/s the samples send asks of it: the traffic never fills the window. */
    private static final long CWND = 1_000_000;

    private FakeAgent agent = new FakeAgent(TestSettings.config());

    /** One path's transport as the agent's sampler reads it: cumulative counters, and what it shows now. */
    private static final class Transport {
        final long idleRttMs;
        /** The RTT once it carries the traffic: a slow link's queue fills only then. */
        long carryingRttMs;

        double lossRatio;
        long sent;
        long lost;

        Transport(long rttMs) {
            this.idleRttMs = rttMs;
            this.carryingRttMs = rttMs;
        }
    }

    private final Transport wifi = new Transport(5);
    private final Transport lte = new Transport(60);
    private boolean sampling = true;
    private long samples;

    private void wifiAndLte() {
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(60));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));
        agent.userTraffic = true;
        sampleEvery100ms();
        agent.advance(Duration.ofSeconds(3));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    /**
     * As the agent's TransportSampler: the carrying path every 100 ms (25 packets went meanwhile), the others every
     * second (nothing sent but probes).
     */
    private void sampleEvery100ms() {
        agent.time.schedule(Duration.ofMillis(100), () -> {
            if (sampling) {
                samples++;
                sample("wlan0", wifi);
                sample("wwan0", lte);
            }
            sampleEvery100ms();
        });
    }

    private void sample(String name, Transport t) {
        boolean carrying = agent.availableInterfaces().contains(name);
        if (agent.open.stream().noneMatch(p -> p.interfaceName().equals(name)) || !carrying && samples % 10 != 0) {
            return;
        }
        if (carrying) {
            t.sent += 25;
            t.lost += Math.round(25 * t.lossRatio);
        }
        long rttMs = carrying ? t.carryingRttMs : t.idleRttMs;
        agent.pm.transportSample(
                agent.path(name), new TransportSample(rttMs * MS, t.sent, t.lost, t.sent * 1000, 0, CWND));
    }

    @Test
    void aCarryingPathWhoseLossClimbsIsLeftForTheStandbyWithLossAsTheReason() {
        wifiAndLte();
        long fadeAt = agent.time.nanos();
        for (int i = 1; i <= 50 && agent.availableInterfaces().contains("wlan0"); i++) {
            wifi.lossRatio = 0.005 * i; // the probes still pass: only the transport's figures show it
            agent.advanceMillis(100);
        }
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.LOSS);
        assertThat(agent.time.nanos() - fadeAt).isLessThan(2000 * MS);
    }

    /**
     * walk-out-of-office in bonded mode: the Wi-Fi's first losses, long before they are enough to leave it, have the
     * LTE carry copies; the Wi-Fi stays the primary until the loss signal demotes it.
     */
    @Test
    void aCarrierThatStartsToLoseIsCoveredByTheStandbyBeforeItIsLeft() {
        agent.copiesCarried = true;
        wifiAndLte();
        for (int i = 1;
                i <= 50
                        && !agent.lastDecision()
                                .available()
                                .get(0)
                                .interfaceName()
                                .equals("wwan0");
                i++) {
            wifi.lossRatio = 0.005 * i;
            agent.advanceMillis(100);
        }
        List<PathDecision> fade = agent.decisions.subList(agent.decisions.size() - 2, agent.decisions.size());
        assertThat(fade.get(0).trigger()).isEqualTo(Trigger.COVER);
        assertThat(fade.get(0).available()).containsExactly(agent.path("wlan0"), agent.path("wwan0"));
        assertThat(fade.get(1).trigger()).isEqualTo(Trigger.LOSS);
        assertThat(fade.get(1).available()).containsExactly(agent.path("wwan0"));
        assertThat(agent.decisionTimes.get(agent.decisionTimes.size() - 1)
                        - agent.decisionTimes.get(agent.decisionTimes.size() - 2))
                .as("covered well before it is left")
                .isGreaterThan(300 * MS);
    }

    @Test
    void withoutCopiesTheCarrierIsLeftUncovered() {
        wifiAndLte();
        for (int i = 1; i <= 50 && agent.availableInterfaces().contains("wlan0"); i++) {
            wifi.lossRatio = 0.005 * i;
            agent.advanceMillis(100);
        }
        assertThat(agent.decisions).noneMatch(d -> d.available().size() > 1);
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.LOSS);
    }

    @Test
    void aCarryingPathWhoseRttInflatesIsLeftWithRttInflationAsTheReason() {
        wifiAndLte();
        wifi.carryingRttMs = 120;
        agent.advanceMillis(500);
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.RTT_INFLATION);
    }

    /**
     * fading-wifi: the Wi-Fi's loss climbs while the LTE is a 300 kbit/s cell, whose probes pass but whose queue fills
     * once it carries the traffic. The Wi-Fi is left once (a standby's capacity is unknown), the LTE hands it back at
     * once when it fades too, and is then no target for the fading Wi-Fi for a while: no trade every second.
     */
    @Test
    void aStandbyThatFadesOnceItCarriesHandsTheTrafficBackAndIsNotTradedWithEverySecond() {
        // The shipped re-admission (a first trial after 250 ms), which lets two fading paths trade fastest.
        ProbeSettings p = TestSettings.probes();
        PathManagerConfig c = TestSettings.config();
        agent = new FakeAgent(new PathManagerConfig(
                c.interfaces(),
                new ProbeSettings(
                        p.activeInterval(),
                        p.standbyInterval(),
                        p.meteredMinInterval(),
                        p.timeoutMin(),
                        p.lossWindow(),
                        p.suspectAfter(),
                        p.failedAfter(),
                        p.recoverAfter(),
                        Duration.ofMillis(250),
                        Duration.ofMillis(750),
                        p.readmitProbes()),
                c.scheduler(),
                c.moveBackAfter(),
                c.handoverWindow(),
                c.debounce()));
        wifiAndLte();
        lte.carryingRttMs = 400;
        wifi.lossRatio = 0.1;
        long start = agent.time.nanos();
        int decisions = agent.decisions.size();
        long onWifiMs = 0;
        for (int ms = 0; ms < 10_000; ms += 10) {
            agent.advanceMillis(10);
            onWifiMs += agent.availableInterfaces().contains("wlan0") ? 10 : 0;
        }
        List<Trigger> triggers = agent.decisions.subList(decisions, agent.decisions.size()).stream()
                .map(d -> d.trigger())
                .toList();
        assertThat(triggers)
                .as("handovers in 10 s after %d ms", (agent.time.nanos() - start) / MS)
                .hasSizeBetween(2, 5); // measured 4
        assertThat(onWifiMs)
                .as("ms on the Wi-Fi, the better of two fading paths")
                .isGreaterThan(8500); // measured 9000 (8000, 8 handovers, without the bar)
    }

    /** The Wi-Fi failed under traffic and is back, on probation, while the LTE carries. */
    private void lteCarriesWhileTheWifiIsOnProbation() {
        wifiAndLte();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(2_000); // FAILED: on probation once back
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        agent.blackholed.remove("wlan0");
        agent.advanceMillis(1_000);
    }

    /**
     * The LTE's RTT inflates while the Wi-Fi is on probation. A fading carrier still delivers: it is demoted onto a
     * path that failed lately only once that path showed that it works now, by answering an audition at the active
     * pace (issue #13: "fresh probes at the rate traffic would need, not only a timer"); before, the traffic stayed on
     * the fading LTE until the Wi-Fi's probation ended, 10 s later.
     */
    @Test
    void aFadingCarrierIsDemotedOntoAPathOnProbationOnceItPassedAnAudition() {
        lteCarriesWhileTheWifiIsOnProbation();
        long fadeAt = agent.time.nanos();
        lte.carryingRttMs = 400;
        while (!agent.availableInterfaces().contains("wlan0") && agent.time.nanos() - fadeAt < 15_000 * MS) {
            agent.advanceMillis(10);
        }
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        assertThat(agent.lastDecision().trigger()).isEqualTo(Trigger.RTT_INFLATION);
        long movedAt = agent.decisionTimes.get(agent.decisionTimes.size() - 1);
        // Measured 2.3 s: the Wi-Fi is re-admitted by its trial probes ~1 s after the fade begins, then answers ten
        // probes 100 ms apart; the demotion itself needs three inflated samples, well within that. Without the
        // audition: 11.3 s, when the Wi-Fi's probation ends.
        assertThat((movedAt - fadeAt) / MS).as("ms until the Wi-Fi carries").isBetween(2_000L, 3_000L);
        long auditionProbes = agent.probesOn("wlan0").stream()
                .filter(p -> p.timeNanos() > fadeAt && p.timeNanos() < movedAt)
                .count();
        assertThat(auditionProbes).as("Wi-Fi probes before it took over").isGreaterThanOrEqualTo(10);
    }

    /** The same, but the Wi-Fi on probation loses one probe in four: it fails its audition, and the LTE keeps the traffic. */
    @Test
    void aFadingCarrierIsNotDemotedOntoAPathOnProbationThatFailsItsAudition() {
        lteCarriesWhileTheWifiIsOnProbation();
        agent.dropOneIn.put("wlan0", 4);
        int decisions = agent.decisions.size();
        lte.carryingRttMs = 400;
        agent.advance(Duration.ofSeconds(5));
        assertThat(agent.availableInterfaces()).containsExactly("wwan0");
        assertThat(agent.decisions.subList(decisions, agent.decisions.size()))
                .extracting(PathDecision::trigger)
                .doesNotContain(Trigger.RTT_INFLATION);
    }

    /**
     * lossy-uplink, migrate: the proxy lost the connection, and every path that carried it failed for its silence. The
     * agent pardons their interfaces when a new connection replaces it; held to those failures, the LTE stayed on
     * probation and the new connection sat on the lossy Wi-Fi for ten seconds. Here the Wi-Fi is the one pardoned,
     * while the LTE carrying it fades: it is demoted onto the Wi-Fi at once.
     */
    @Test
    void aFadingCarrierIsDemotedOntoAPardonedPathAtOnce() {
        wifiAndLte();
        agent.blackholed.add("wlan0");
        agent.advanceMillis(2_000);
        agent.blackholed.remove("wlan0");
        agent.advanceMillis(1_000);
        lte.carryingRttMs = 400;
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).as("on probation").containsExactly("wwan0");

        agent.pm.pardon("wlan0");
        agent.advanceMillis(200);
        assertThat(agent.availableInterfaces()).as("pardoned").containsExactly("wlan0");
    }

    @Test
    void withoutAHealthyStandbyAFadingPathKeepsTheTraffic() {
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(5));
        agent.userTraffic = true;
        sampleEvery100ms();
        agent.advance(Duration.ofSeconds(3));
        wifi.carryingRttMs = 120;
        wifi.lossRatio = 0.2;
        agent.advance(Duration.ofSeconds(2));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    @Test
    void aPathThatKeepsFadingCausesAtMostThreeHandoversIn20Seconds() {
        wifiAndLte();
        long start = agent.time.nanos();
        wifi.carryingRttMs = 120; // fades for good; its trial probes are answered, in 5 ms
        agent.advance(Duration.ofSeconds(20));
        long handovers = agent.decisions.stream()
                .filter(d -> agent.decisionTimes.get(agent.decisions.indexOf(d)) > start)
                .filter(d -> d.trigger() == Trigger.RTT_INFLATION || d.trigger() == Trigger.PREFERRED_RETURNED)
                .count();
        assertThat(handovers).isBetween(1L, 3L);
    }

    @Test
    void eachRenewedDemotionDoublesTheWaitBeforeTrafficMovesBack() {
        wifiAndLte();
        wifi.carryingRttMs = 120;
        List<Long> returns = new ArrayList<>();
        long demotedAt = 0;
        boolean onWifi = true;
        for (int ms = 0; ms < 60_000; ms += 10) {
            agent.advanceMillis(10);
            boolean now = agent.availableInterfaces().contains("wlan0");
            if (onWifi && !now) {
                demotedAt = agent.time.nanos();
            } else if (!onWifi && now) {
                returns.add((agent.time.nanos() - demotedAt) / MS);
            }
            onWifi = now;
        }
        // move-back-after 10 s, then 20 s, then 40 s (plus the trial round and the audition, ~1 s at the tests' 100 ms
        // pace, before each): at most two returns a minute.
        assertThat(returns).hasSizeBetween(1, 2);
        assertThat(returns.get(0)).isBetween(11_000L, 13_000L);
        if (returns.size() > 1) {
            assertThat(returns.get(1)).isBetween(21_000L, 23_000L);
        }
    }

    @Test
    void afterEveryPathWasSilentTheFirstAnsweredProbeResumesTrafficWithinOneRttPlus100ms() {
        wifiAndLte();
        sampling = false;
        agent.blackholed.add("wlan0");
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(5));
        assertThat(agent.availableInterfaces()).isEmpty();
        long back = agent.time.nanos();
        agent.blackholed.remove("wlan0");
        agent.blackholed.remove("wwan0");
        while (agent.availableInterfaces().isEmpty() && agent.time.nanos() - back < 5000 * MS) {
            agent.advanceMillis(1);
        }
        // Wi-Fi's RTT is 5 ms: a trial probe every 100 ms answers within 105 ms.
        assertThat((agent.time.nanos() - back) / MS).isLessThanOrEqualTo(105);
    }

    @Test
    void onASlowNetworkTheOutagesLateTrialLossesDoNotUndoTheRecovery() {
        agent.network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(60));
        agent.network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(250));
        agent.userTraffic = true;
        agent.advance(Duration.ofSeconds(3));
        agent.blackholed.add("wlan0");
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(5));
        long back = agent.time.nanos();
        agent.blackholed.remove("wlan0");
        while (agent.availableInterfaces().isEmpty() && agent.time.nanos() - back < 5000 * MS) {
            agent.advanceMillis(1);
        }
        assertThat((agent.time.nanos() - back) / MS)
                .as("one 250 ms RTT + 100 ms")
                .isLessThanOrEqualTo(350);
        // And it stays: no decision moves the traffic away again (a trial probe of the outage timing out late, after
        // the return, is not counted against the path; that case needs a slower RTO than this fake's to show).
        int decisions = agent.decisions.size();
        agent.advance(Duration.ofSeconds(3));
        assertThat(agent.decisions.subList(decisions, agent.decisions.size())).isEmpty();
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
    }

    @Test
    void aPathFailingInAnOutageKeepsItsConnectionUntilAnotherPathWorks() {
        wifiAndLte();
        sampling = false;
        agent.blackholed.add("wlan0");
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(5));
        assertThat(failedReports())
                .as("no FAILED told while no path works: no connection replaced")
                .isEmpty();
        agent.blackholed.remove("wlan0");
        agent.advance(Duration.ofMillis(500));
        assertThat(agent.availableInterfaces()).containsExactly("wlan0");
        // LTE is metered and still silent: now that Wi-Fi works, its connection may be what is broken.
        agent.advance(Duration.ofSeconds(1));
        assertThat(failedReports()).containsExactly("wwan0");
    }

    @Test
    void aPathFailedForLongerThanTheHoldIsToldEvenInAnOutage() {
        wifiAndLte();
        sampling = false;
        agent.blackholed.add("wlan0");
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(12));
        assertThat(failedReports()).containsExactlyInAnyOrder("wlan0", "wwan0");
    }

    @Test
    void aPathFailingBesideOneSilentForLongIsToldAtOnce() {
        // A NAT rebind QUIC cannot follow on Wi-Fi while LTE has been dead for a while: not an outage of the place,
        // so Wi-Fi's connection is handed to the agent for replacement at once, not held for ten seconds.
        wifiAndLte();
        sampling = false;
        agent.blackholed.add("wwan0");
        agent.advance(Duration.ofSeconds(40));
        assertThat(failedReports()).containsExactly("wwan0");
        agent.blackholed.add("wlan0");
        agent.advance(Duration.ofSeconds(2));
        assertThat(failedReports()).containsExactly("wwan0", "wlan0");
    }

    private List<String> failedReports() {
        return agent.states.stream()
                .filter(r -> r.state() == PathState.FAILED)
                .map(r -> r.path().interfaceName())
                .toList();
    }
}
