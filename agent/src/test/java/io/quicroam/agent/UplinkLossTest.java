package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class UplinkLossTest {
    private final QuicChannel connection = stub(QuicChannel.class);
    private final UplinkLoss loss = new UplinkLoss();

    @Test
    void aThirdOfTheSentPacketsLostIsLossy() {
        assertThat(loss.lossy(connection, stats(100, 0))).as("baseline").isFalse();
        assertThat(loss.lossy(connection, stats(130, 10))).isTrue();
    }

    @Test
    void aFewLostPacketsAreNot() {
        loss.lossy(connection, stats(100, 0));
        assertThat(loss.lossy(connection, stats(140, 3))).isFalse();
    }

    @Test
    void tooFewPacketsSentSayNothingUntilThereAreEnough() {
        loss.lossy(connection, stats(100, 0));
        assertThat(loss.lossy(connection, stats(104, 3))).as("4 sent").isFalse();
        assertThat(loss.lossy(connection, stats(110, 4)))
                .as("10 sent since the baseline, 4 lost")
                .isTrue();
    }

    @Test
    void aNewConnectionStartsANewBaseline() {
        loss.lossy(connection, stats(100, 0));
        assertThat(loss.lossy(stub(QuicChannel.class), stats(500, 200))).isFalse();
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
