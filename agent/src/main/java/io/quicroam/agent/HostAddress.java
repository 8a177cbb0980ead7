package io.quicroam.agent;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.AddressMath;
import io.quicroam.masque.ip.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;

/** The address the tunnel device takes for an assigned prefix (RFC 9484 §4.7.1 assigns prefixes, not hosts). */
final class HostAddress {
    private HostAddress() {}

    /**
     * A single address: the prefix itself, or inside a shorter IPv6 prefix its first address after the all-zero one,
     * which is the Subnet-Router anycast address (RFC 4291 §2.6.1) and must not be a host's. A shorter IPv4 prefix
     * likewise skips its all-zero network address.
     */
    static InetAddress inside(IpPrefix prefix) {
        int bits = IpAddresses.bits(prefix.ipVersion());
        if (prefix.prefixLength() == bits) {
            return prefix.address();
        }
        return AddressMath.fromNumber(AddressMath.toNumber(prefix.address()).add(BigInteger.ONE), bits / 8);
    }
}
