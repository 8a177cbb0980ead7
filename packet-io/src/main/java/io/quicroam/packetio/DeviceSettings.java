package io.quicroam.packetio;

import io.quicroam.masque.capsule.IpPrefix;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * How a tunnel link is set up: its MTU, its own addresses (each a host address: /32 or /128, as
 * CONNECT-IP assigns them), and the prefixes routed into it.
 *
 * @param mtu the link MTU in bytes
 * @param addresses the link's own addresses
 * @param routes the destinations routed through the link
 */
public record DeviceSettings(int mtu, List<InetAddress> addresses, List<IpPrefix> routes) {

    /** RFC 791 §3.2: every IPv4 host must accept 68-byte datagrams without fragmenting. */
    public static final int MIN_MTU = 68;
    /** RFC 8200 §5: a link that carries IPv6 has an MTU of at least 1280 bytes. */
    public static final int MIN_IPV6_MTU = 1280;
    /** The IPv4 total length and IPv6 payload length fields are 16 bits. */
    public static final int MAX_MTU = 65535;

    public DeviceSettings {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " out of " + MIN_MTU + ".." + MAX_MTU);
        }
        boolean carriesIpv6 = addresses.stream().anyMatch(a -> a instanceof Inet6Address)
                || routes.stream().anyMatch(IpPrefix::isIpv6);
        if (carriesIpv6 && mtu < MIN_IPV6_MTU) {
            throw new IllegalArgumentException(
                    "MTU " + mtu + " is below the IPv6 minimum of " + MIN_IPV6_MTU + " (RFC 8200 §5)");
        }
    }
}
