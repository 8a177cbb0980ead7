package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The flow figures on hand-made logs: every number below is worked out from the events listed. */
class FlowAnalyzerTest {
    private static final long MS = 1_000_000;

    /** (sequence, time in ms) pairs. */
    private static EventLog.Snapshot log(long[]... events) {
        EventLog log = new EventLog();
        for (long[] e : events) {
            log.add(e[0], e[1] * MS);
        }
        return log.snapshot();
    }

    /** Ten packets sent every 20 ms from t = 0 (sequence i at 20·i ms). */
    private static EventLog.Snapshot tenSends() {
        long[][] sends = new long[10][];
        for (int i = 0; i < 10; i++) {
            sends[i] = new long[] {i, 20L * i};
        }
        return log(sends);
    }

    @Test
    void countsLostDuplicatedAndReorderedAndFindsTheLongestGap() {
        // Echoes: 0..2 on time (+10 ms), 3..5 lost, 7 overtakes 6, 7 arrives twice, 8 and 9 on time.
        EventLog.Snapshot deliveries =
                log(new long[][] {{0, 10}, {1, 30}, {2, 50}, {7, 150}, {6, 155}, {7, 156}, {8, 170}, {9, 190}});
        FlowResult result = FlowAnalyzer.analyze("call", 200, tenSends(), log(), deliveries);

        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.received()).isEqualTo(7);
        assertThat(result.lost()).isEqualTo(3);
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.reordered()).as("6 arrived after 7").isEqualTo(1);
        // Deliveries cut [0 ms, 180 ms]: 0-10, 10-30, 30-50, 50-150, 150-155, 155-170; 190 is after the last send.
        assertThat(result.longestGap()).isEqualTo(new Gap(50, 100));
        assertThat(result.gaps()).containsExactly(new Gap(50, 100));
        // 7 payloads of 200 bytes over the 180 ms between first and last send.
        assertThat(result.goodputBps()).isCloseTo(7 * 200 * 8 / 0.18, within(1e-6));
    }

    @Test
    void aFlowWhoseLastPacketsAreLostEndsWithAGapUpToItsLastSend() {
        EventLog.Snapshot deliveries = log(new long[][] {{0, 10}, {1, 30}});
        FlowResult result = FlowAnalyzer.analyze("call", 200, tenSends(), log(), deliveries);

        assertThat(result.longestGap()).isEqualTo(new Gap(30, 150));
        assertThat(result.lost()).isEqualTo(8);
    }

    @Test
    void nothingDeliveredIsOneGapOverTheWholeFlow() {
        FlowResult result = FlowAnalyzer.analyze("call", 200, tenSends(), log(), log());

        assertThat(result.longestGap()).isEqualTo(new Gap(0, 180));
        assertThat(result.received()).isZero();
        assertThat(result.latency()).isEqualTo(LatencySummary.EMPTY);
        assertThat(result.goodputBps()).isZero();
    }

    @Test
    void latencyIsOneWayToTheGatewayAndDownlinkIsTheRest() {
        // Sent at 0, 20, 40 ms; at the gateway 5, 27, 70 ms later; back at 12, 40, 100.
        EventLog.Snapshot sends = log(new long[][] {{0, 0}, {1, 20}, {2, 40}});
        EventLog.Snapshot gateway = log(new long[][] {{0, 5}, {1, 27}, {2, 70}, {2, 71}});
        EventLog.Snapshot back = log(new long[][] {{0, 12}, {1, 40}, {2, 100}});
        FlowResult result = FlowAnalyzer.analyze("call", 200, sends, gateway, back);

        // Uplink 5, 7, 30 ms (the duplicate at the gateway counts once, first arrival).
        assertThat(result.latency()).isEqualTo(new LatencySummary(7, 30, 30, 3));
        // Downlink 7, 13, 30 ms; round trip 12, 20, 60 ms.
        assertThat(result.downlinkLatency()).isEqualTo(new LatencySummary(13, 30, 30, 3));
        assertThat(result.roundTrip()).isEqualTo(new LatencySummary(20, 60, 60, 3));
    }

    @Test
    void deliveriesAreBinnedPerHundredMillisecondsForCharts() {
        EventLog.Snapshot deliveries = log(new long[][] {{0, 10}, {1, 30}, {2, 50}, {7, 150}, {8, 170}});
        FlowResult result = FlowAnalyzer.analyze("call", 200, tenSends(), log(), deliveries);

        assertThat(result.bins()).extracting(DeliveryBin::startMillis).containsExactly(0L, 100L);
        assertThat(result.bins()).extracting(DeliveryBin::delivered).containsExactly(3, 2);
        // Round trips: 10, 10, 10 ms in the first bin; 150 - 140 = 10 and 170 - 160 = 10 in the second.
        assertThat(result.bins().get(1).maxRoundTripMillis()).isEqualTo(10);
    }

    @Test
    void aDeliveryOfSomethingNeverSentIsIgnored() {
        EventLog.Snapshot deliveries = log(new long[][] {{0, 10}, {99, 20}});
        FlowResult result = FlowAnalyzer.analyze("call", 200, tenSends(), log(), deliveries);

        assertThat(result.received()).isEqualTo(1);
        assertThat(result.duplicated()).isZero();
    }
}
