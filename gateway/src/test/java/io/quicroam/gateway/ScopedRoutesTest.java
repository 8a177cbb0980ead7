package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.capsule.RouteAdvertisements;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9484 §4.6: the gateway's routes narrowed to a request's target and ipproto, and what they let through. */
class ScopedRoutesTest {
    private static final RouteAdvertisement ROUTES = RouteAdvertisements.of(
            List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("192.0.2.0/24"), IpPrefix.parse("2001:db8::/32")));
    private static final InetAddress SELF_V4 = IpAddresses.parse("100.64.0.2");
    private static final InetAddress SELF_V6 = IpAddresses.parse("fd7a:5152:4f41::2");

    @Test
    void anUnscopedRequestGetsEveryRouteAndNoCheck() {
        ScopedRoutes any = ScopedRoutes.of(ROUTES, new Validation.Accepted("*", "*"));
        assertThat(any.advertisement()).isEqualTo(ROUTES);
        assertThat(any.scoped()).isFalse();
    }

    @Test
    void aTargetWiderThanARouteKeepsTheRouteAndOneNarrowerCutsIt() {
        ScopedRoutes scoped = ScopedRoutes.of(ROUTES, new Validation.Accepted("10.1.0.0/16", "*"));
        assertThat(scoped.advertisement().ranges()).containsExactly(range("10.1.0.0", "10.1.255.255", 0));
        ScopedRoutes wide = ScopedRoutes.of(ROUTES, new Validation.Accepted("0.0.0.0/0", "17"));
        assertThat(wide.advertisement().ranges())
                .containsExactly(range("10.0.0.0", "10.255.255.255", 17), range("192.0.2.0", "192.0.2.255", 17));
    }

    @Test
    void aTargetOutsideEveryRouteGetsNoRoute() {
        ScopedRoutes nothing = ScopedRoutes.of(ROUTES, new Validation.Accepted("198.51.100.0/24", "*"));
        assertThat(nothing.advertisement().ranges()).isEmpty();
        assertThat(nothing.permits(udp(SELF_V4, "198.51.100.1"))).isFalse();
    }

    @Test
    void anIpv6HostTargetGetsItsOneAddress() {
        ScopedRoutes host = ScopedRoutes.of(ROUTES, new Validation.Accepted("2001:db8::7", "17"));
        assertThat(host.advertisement().ranges()).containsExactly(range("2001:db8::7", "2001:db8::7", 17));
        assertThat(host.permits(udp(SELF_V6, "2001:db8::7"))).isTrue();
        assertThat(host.permits(udp(SELF_V6, "2001:db8::8"))).isFalse();
        assertThat(host.permits(udp(SELF_V4, "10.0.0.7")))
                .as("the other family")
                .isFalse();
    }

    @Test
    void icmpPassesAProtocolScopeButNotATargetScope() {
        // RFC 9484 §4.7.3: ICMP is allowed to every advertised range, whatever its protocol.
        ScopedRoutes udpOnly = ScopedRoutes.of(ROUTES, new Validation.Accepted("192.0.2.0/24", "17"));
        assertThat(udpOnly.permits(
                        IpPacketBuilder.icmpEcho(SELF_V4, IpAddresses.parse("192.0.2.9"), 1, 1, new byte[8], false)))
                .isTrue();
        assertThat(udpOnly.permits(
                        IpPacketBuilder.icmpEcho(SELF_V4, IpAddresses.parse("10.0.0.9"), 1, 1, new byte[8], false)))
                .isFalse();
    }

    private static ByteBuf udp(InetAddress source, String destination) {
        return IpPacketBuilder.udp(source, IpAddresses.parse(destination), 1000, 53, new byte[4]);
    }

    private static IpAddressRange range(String start, String end, int protocol) {
        return new IpAddressRange(IpAddresses.parse(start), IpAddresses.parse(end), protocol);
    }
}
