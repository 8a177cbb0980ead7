package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.masque.capsule.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressPoolTest {

    @Test
    void handsOutEveryHostOnceSkippingNetworkAndGatewayThenRunsDry() {
        AddressPool pool = new AddressPool(IpPrefix.parse("100.64.7.0/29"), () -> 0L, Duration.ZERO);
        Set<InetAddress> given = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            given.add(pool.allocate().orElseThrow());
        }
        assertThat(given)
                .hasSize(6)
                .extracting(InetAddress::getHostAddress)
                .doesNotContain("100.64.7.0", "100.64.7.1")
                .contains("100.64.7.2", "100.64.7.7");
        assertThat(pool.allocate()).as("exhausted").isEmpty();
        pool.release(given.iterator().next(), 0L);
        assertThat(pool.allocate()).isPresent();
    }

    @Test
    void theGatewaysOwnAddressIsThePoolsSecond() {
        assertThat(AddressPool.gatewayAddress(IpPrefix.parse("100.64.0.0/16")).getHostAddress())
                .isEqualTo("100.64.0.1");
        assertThat(AddressPool.gatewayAddress(IpPrefix.parse("fd7a:5152:4f41::/64")))
                .isEqualTo(io.quicroam.masque.ip.IpAddresses.parse("fd7a:5152:4f41::1"));
    }

    @Test
    void ipv6PoolsHandOutHostAddresses() throws Exception {
        AddressPool pool = new AddressPool(IpPrefix.parse("fd7a:5152:4f41::/64"), () -> 0L, Duration.ZERO);
        assertThat(pool.allocate().orElseThrow()).isEqualTo(InetAddress.getByName("fd7a:5152:4f41::2"));
        assertThat(pool.claim(InetAddress.getByName("fd7a:5152:4f41::99"))).isTrue();
        assertThat(pool.claim(InetAddress.getByName("fd7a:5152:4f41::99")))
                .as("taken")
                .isFalse();
        assertThat(pool.claim(InetAddress.getByName("fd7a:5152:4f42::99")))
                .as("outside the pool")
                .isFalse();
    }

    @Test
    void aPoolWithoutRoomForOneClientIsRefused() {
        assertThatThrownBy(() -> new AddressPool(IpPrefix.parse("100.64.0.0/31"), () -> 0L, Duration.ZERO))
                .hasMessageContaining("too small");
    }
}
