package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class UplinkLossTest {
    private final QuicChannel connection = stub(QuicChannel.class);
    private final UplinkLoss loss = UplinkLoss.onCarrier();

    /** After the baseline's settle time: what a probe on Wi-Fi sees. */
    private static final long LATER = MovedCounters.SETTLE.toNanos();

    @Test
    void aThirdOfTheSentPacketsLostIsLossy() {
        assertThat(loss.lossy(connection, "wlan0", stats(100, 0), 0))
                .as("baseline")
                .isFalse();
        assertThat(loss.lossy(connection, "wlan0", stats(130, 10), LATER)).isTrue();
    }

    @Test
    void aFewLostPacketsAreNot() {
        loss.lossy(connection, "wlan0", stats(100, 0), 0);
        assertThat(loss.lossy(connection, "wlan0", stats(140, 3), LATER)).isFalse();
    }

    @Test
    void tooFewPacketsSentSayNothingUntilThereAreEnough() {
        loss.lossy(connection, "wlan0", stats(100, 0), 0);
        assertThat(loss.lossy(connection, "wlan0", stats(104, 3), LATER))
                .as("4 sent")
                .isFalse();
        assertThat(loss.lossy(connection, "wlan0", stats(110, 4), LATER + 1))
                .as("10 sent since the baseline, 4 lost")
                .isTrue();
    }

    /** A standby's light connection sends one packet per probe: two of them are enough to judge. */
    @Test
    void onAStandbyTwoPacketsWithOneLostAreLossy() {
        UplinkLoss standby = UplinkLoss.onStandby();
        standby.lossy(connection, "wlan0", stats(10, 0), 0);
        assertThat(standby.lossy(connection, "wlan0", stats(11, 1), LATER))
                .as("1 sent")
                .isFalse();
        assertThat(standby.lossy(connection, "wlan0", stats(12, 1), LATER + 1))
                .as("2 sent, 1 lost")
                .isTrue();
        assertThat(standby.lossy(connection, "wlan0", stats(14, 1), LATER + 2))
                .as("2 sent, none lost")
                .isFalse();
        assertThat(standby.lossy(connection, "wlan0", stats(17, 2), LATER + 3))
                .as("3 sent, 1 lost")
                .isTrue();
    }

    /**
     * A light connection never moves, so nothing settles: an audition (half a second, as long as the carrier's settle
     * time) that begins with the first look is judged from the second on.
     */
    @Test
    void aStandbyIsJudgedFromItsSecondLookWithoutSettling() {
        UplinkLoss standby = UplinkLoss.onStandby();
        assertThat(standby.lossy(connection, "wlan0", stats(10, 3), 0))
                .as("first look: a baseline")
                .isFalse();
        assertThat(standby.lossy(connection, "wlan0", stats(12, 4), 50_000_000L))
                .as("50 ms later")
                .isTrue();
    }

    @Test
    void aNewConnectionStartsANewBaseline() {
        loss.lossy(connection, "wlan0", stats(100, 0), 0);
        assertThat(loss.lossy(stub(QuicChannel.class), "wlan0", stats(500, 200), LATER))
                .isFalse();
    }

    /**
     * Migrate mode: the connection moved from a silent Wi-Fi to LTE. What it had sent into the Wi-Fi is declared lost
     * once LTE's ACKs arrive, after the move; it says nothing of LTE, whose probes must not count as lost for it.
     */
    @Test
    void lossesDeclaredJustAfterAMoveAreNotChargedToTheNewInterface() {
        loss.lossy(connection, "wlan0", stats(100, 0), 0);
        long moved = 2 * LATER;
        assertThat(loss.lossy(connection, "wwan0", stats(120, 0), moved))
                .as("the move: a new baseline")
                .isFalse();
        assertThat(loss.lossy(connection, "wwan0", stats(135, 21), moved + LATER / 10))
                .as("Wi-Fi's packets declared lost 50 ms after the move")
                .isFalse();
        assertThat(loss.lossy(connection, "wwan0", stats(150, 21), moved + LATER))
                .as("LTE's own packets, none lost")
                .isFalse();
        assertThat(loss.lossy(connection, "wwan0", stats(170, 31), moved + 2 * LATER))
                .as("LTE losing half of its own")
                .isTrue();
    }

    private static QuicConnectionStats stats(long sent, long lost) {
        return (QuicConnectionStats) Proxy.newProxyInstance(
                QuicConnectionStats.class.getClassLoader(),
                new Class<?>[] {QuicConnectionStats.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sent" -> sent;
                    case "lost" -> lost;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> 0L;
                });
    }

    private static <T> T stub(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                }));
    }
}
