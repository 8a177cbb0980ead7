package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code tunnel.mtu: auto} follows the smallest usable path, never below 1280; a number pins it. */
class TunnelMtuTest {
    private final List<Integer> set = new ArrayList<>();
    private final TunnelDevice device = new TunnelDevice() {
        @Override
        public void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) {}

        @Override
        public void mtu(int value) {
            set.add(value);
        }

        @Override
        public void close() {}
    };

    @Test
    void autoStartsAt1280AndFollowsTheSmallestPathThatMayCarryTraffic() {
        TunnelMtu mtu = new TunnelMtu(new TunnelConfig("qr0", TunnelConfig.AUTO_MTU), device);
        assertThat(mtu.current()).isEqualTo(1280);

        mtu.follow(IntStream.of(1426));
        mtu.follow(IntStream.of(1426, 1326));
        mtu.follow(IntStream.of(1426, 1326)); // unchanged: the device is left alone
        mtu.follow(IntStream.of(1426));
        mtu.follow(IntStream.empty()); // no usable path: keeps what it has

        assertThat(set).containsExactly(1426, 1326, 1426);
        assertThat(mtu.current()).isEqualTo(1426);
    }

    @Test
    void autoNeverGoesBelowTheIpv6Minimum() {
        TunnelMtu mtu = new TunnelMtu(new TunnelConfig("qr0", TunnelConfig.AUTO_MTU), device);
        mtu.follow(IntStream.of(1426));
        mtu.follow(IntStream.of(1200));
        assertThat(mtu.current()).isEqualTo(1280);
    }

    @Test
    void aNumberPinsIt() {
        TunnelMtu mtu = new TunnelMtu(new TunnelConfig("qr0", 1400), device);
        mtu.follow(IntStream.of(1326));
        assertThat(mtu.current()).isEqualTo(1400);
        assertThat(set).isEmpty();
    }
}
