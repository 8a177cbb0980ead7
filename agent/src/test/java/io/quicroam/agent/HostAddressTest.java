package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import org.junit.jupiter.api.Test;

class HostAddressTest {
    @Test
    void aSingleAddressIsTakenAsItIs() {
        assertThat(HostAddress.inside(IpPrefix.parse("100.64.0.2"))).isEqualTo(IpAddresses.parse("100.64.0.2"));
        assertThat(HostAddress.inside(IpPrefix.parse("fd00::2"))).isEqualTo(IpAddresses.parse("fd00::2"));
    }

    @Test
    void aShorterIpv6PrefixGivesAHostInsideItNotTheSubnetRouterAnycastAddress() {
        // RFC 4291 §2.6.1: fd00:1:2:3::/64's all-zero interface ID is the Subnet-Router anycast address
        assertThat(HostAddress.inside(IpPrefix.parse("fd00:1:2:3::/64"))).isEqualTo(IpAddresses.parse("fd00:1:2:3::1"));
        assertThat(IpPrefix.parse("fd00:1:2:3::/64").contains(HostAddress.inside(IpPrefix.parse("fd00:1:2:3::/64"))))
                .isTrue();
    }

    @Test
    void aShorterIpv4PrefixSkipsItsNetworkAddress() {
        assertThat(HostAddress.inside(IpPrefix.parse("100.64.7.0/24"))).isEqualTo(IpAddresses.parse("100.64.7.1"));
    }
}
