package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.gateway.egress.EgressPolicy;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropReason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class UplinkFilterTest {
    private static final InetAddress CLIENT_V4 = IpAddresses.parse("100.64.0.2");
    private static final InetAddress CLIENT_V6 = IpAddresses.parse("fd7a:5152:4f41::2");
    private static final InetAddress ROUTED_V4 = IpAddresses.parse("198.19.0.9");
    private static final InetAddress ROUTED_V6 = IpAddresses.parse("2001:db8::9");

    private final UplinkFilter filter = new UplinkFilter(
            PrefixSet.of(List.of(IpPrefix.parse("198.19.0.0/24"), IpPrefix.parse("2001:db8::/32"))),
            EgressPolicy.of(EgressRules.defaults(), List.of(), List.of()));
    private final Session session = new Session(1, "alice", null, reason -> {});

    UplinkFilterTest() {
        session.assign((Inet4Address) CLIENT_V4, 0, (Inet6Address) CLIENT_V6, 0);
    }

    @Test
    void aPacketFromTheAssignedAddressToARouteIsForwardedAsItCame() {
        ByteBuf v4 = udp(CLIENT_V4, ROUTED_V4);
        ByteBuf v6 = udp(CLIENT_V6, ROUTED_V6);
        assertThat(filter.check(session, v4)).isNull();
        assertThat(filter.check(session, v6)).isNull();
        // RFC 9484 §7.2: decremented on encapsulation (by the client), not on decapsulation.
        assertThat(IpPacket.hopLimit(v4)).isEqualTo(IpPacketBuilder.DEFAULT_HOP_LIMIT);
        assertThat(IpPacket.hopLimit(v6)).isEqualTo(IpPacketBuilder.DEFAULT_HOP_LIMIT);
    }

    @Test
    void aSourceThatIsNotTheSessionsAddressIsSpoofed() {
        // RFC 9484 §8: another client's address, or the other family's address of nobody.
        assertThat(filter.check(session, udp(IpAddresses.parse("100.64.0.3"), ROUTED_V4)))
                .isEqualTo(DropReason.SPOOFED_SOURCE);
        assertThat(filter.check(session, udp(IpAddresses.parse("fd7a:5152:4f41::3"), ROUTED_V6)))
                .isEqualTo(DropReason.SPOOFED_SOURCE);
        // Checked before the routes: a spoofed packet to nowhere is counted as spoofed.
        assertThat(filter.check(session, udp(IpAddresses.parse("10.0.0.1"), IpAddresses.parse("192.0.2.1"))))
                .isEqualTo(DropReason.SPOOFED_SOURCE);
    }

    @Test
    void aDestinationOutsideTheAdvertisedRoutesIsDropped() {
        // RFC 9484 §4.8
        assertThat(filter.check(session, udp(CLIENT_V4, IpAddresses.parse("198.19.1.1"))))
                .isEqualTo(DropReason.OUTSIDE_ROUTES);
        assertThat(filter.check(session, udp(CLIENT_V6, IpAddresses.parse("2001:db9::1"))))
                .isEqualTo(DropReason.OUTSIDE_ROUTES);
    }

    @Test
    void aMalformedPacketIsDroppedBeforeAnyAddressIsRead() {
        ByteBuf truncated = udp(CLIENT_V4, ROUTED_V4);
        truncated.writerIndex(truncated.writerIndex() - 1);
        assertThat(filter.check(session, truncated)).isEqualTo(DropReason.MALFORMED_PACKET);
        ByteBuf badChecksum = udp(CLIENT_V4, ROUTED_V4);
        badChecksum.setShort(10, badChecksum.getShort(10) ^ 1);
        assertThat(filter.check(session, badChecksum)).isEqualTo(DropReason.MALFORMED_PACKET);
    }

    @Test
    void aRoutedDestinationTheEgressPolicyDeniesIsRefused() {
        // RFC 9484 §4.8 lets a proxy refuse what its policy does not allow, inside the advertised routes too.
        UplinkFilter denying = new UplinkFilter(
                PrefixSet.of(List.of(IpPrefix.parse("198.19.0.0/24"), IpPrefix.parse("2001:db8::/32"))),
                EgressPolicy.of(
                        new EgressRules(List.of(), List.of(IpPrefix.parse("198.19.0.0/28")), true),
                        List.of(),
                        List.of()));

        assertThat(denying.check(session, udp(CLIENT_V4, ROUTED_V4))).isEqualTo(DropReason.EGRESS_DENIED);
        assertThat(denying.check(session, udp(CLIENT_V4, IpAddresses.parse("198.19.0.200"))))
                .as("routed and outside the deny list")
                .isNull();
        assertThat(denying.check(session, udp(CLIENT_V6, ROUTED_V6))).isNull();
    }

    private static ByteBuf udp(InetAddress source, InetAddress destination) {
        return IpPacketBuilder.udp(source, destination, 40000, 53, new byte[] {1, 2, 3});
    }
}
