package io.quicroam.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
    private static final InetAddress CLIENT_V4 = IpAddresses.parse("100.64.0.2");
    private static final InetAddress CLIENT_V6 = IpAddresses.parse("fd7a:5152:4f41::2");
    private static final List<IpPrefix> POOLS =
            List.of(IpPrefix.parse("100.64.0.0/16"), IpPrefix.parse("fd7a:5152:4f41::/64"));
    private static final List<InetAddress> OWN = List.of(IpAddresses.parse("192.0.2.10"));

    @Test
    void theBuiltInListTheHostAndOtherClientsAreDeniedByDefault() {
        EgressPolicy policy = EgressPolicy.of(EgressRules.defaults(), OWN, POOLS);
        for (String denied : new String[] {
            "127.0.0.1",
            "127.255.0.9",
            "169.254.169.254",
            "224.0.0.251",
            "239.1.2.3",
            "255.255.255.255",
            "0.0.0.0",
            "192.0.2.10",
            "100.64.0.3",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "fd7a:5152:4f41::3"
        }) {
            assertThat(permits(policy, denied)).as(denied).isFalse();
        }
        for (String allowed : new String[] {"198.51.100.7", "192.0.2.11", "169.253.0.1", "2001:db8::7", "fec0::1"}) {
            assertThat(permits(policy, allowed)).as(allowed).isTrue();
        }
    }

    @Test
    void allowOpensAProtectedDestinationButNeverTheOperatorsOwnDeny() {
        EgressRules rules = new EgressRules(
                List.of(IpPrefix.parse("169.254.169.254/32"), IpPrefix.parse("10.0.0.0/8")),
                List.of(IpPrefix.parse("10.9.0.0/16")),
                true);
        EgressPolicy policy = EgressPolicy.of(rules, OWN, POOLS);
        assertThat(permits(policy, "169.254.169.254")).isTrue();
        assertThat(permits(policy, "169.254.169.253")).isFalse();
        assertThat(permits(policy, "10.9.1.1")).as("deny wins over allow").isFalse();
        assertThat(permits(policy, "10.8.1.1")).isTrue();
    }

    @Test
    void withoutIsolationClientsReachEachOtherButNotTheGatewaysHost() {
        EgressPolicy policy = EgressPolicy.of(new EgressRules(List.of(), List.of(), false), OWN, POOLS);
        assertThat(permits(policy, "100.64.0.3")).isTrue();
        assertThat(permits(policy, "fd7a:5152:4f41::3")).isTrue();
        assertThat(permits(policy, "192.0.2.10")).isFalse();
    }

    private static boolean permits(EgressPolicy policy, String destination) {
        InetAddress to = IpAddresses.parse(destination);
        InetAddress from = to.getAddress().length == 4 ? CLIENT_V4 : CLIENT_V6;
        ByteBuf packet = IpPacketBuilder.udp(from, to, 40000, 7, new byte[8]);
        try {
            return policy.permits(packet);
        } finally {
            packet.release();
        }
    }
}
