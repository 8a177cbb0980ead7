package io.quicroam.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.PrefixSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where no client's packet may go through the tunnel, whatever the routes say: the gateway host itself, loopback,
 * link-local (cloud metadata services answer on 169.254.169.254), multicast and broadcast, and — with
 * {@code isolate-clients} — the other sessions' pool addresses. A gateway's host trusts what arrives from its own
 * addresses; a tunnel must not make every client a local user of it. An operator can open a built-in entry with
 * {@code egress-policy.allow} and add entries with {@code egress-policy.deny}.
 */
public final class EgressPolicy {
    /** Unreachable through the tunnel unless allowed: RFC 6890's special-purpose ranges that lead to the host. */
    static final List<IpPrefix> BUILT_IN = List.of(
            IpPrefix.parse("0.0.0.0/8"), // "this network" (RFC 791 §3.2): Linux takes 0.0.0.0 as a local address
            IpPrefix.parse("127.0.0.0/8"), // loopback (RFC 1122 §3.2.1.3)
            IpPrefix.parse("169.254.0.0/16"), // link-local (RFC 3927), cloud metadata
            IpPrefix.parse("224.0.0.0/4"), // multicast (RFC 5771)
            IpPrefix.parse("255.255.255.255/32"), // limited broadcast (RFC 919)
            IpPrefix.parse("::/128"), // unspecified (RFC 4291 §2.5.2)
            IpPrefix.parse("::1/128"), // loopback (RFC 4291 §2.5.3)
            IpPrefix.parse("fe80::/10"), // link-local (RFC 4291 §2.5.6)
            IpPrefix.parse("ff00::/8")); // multicast (RFC 4291 §2.7)

    /** The built-in list, the host's own addresses and (isolating clients) the pools: {@code allow} opens these. */
    private final PrefixSet protectedByDefault;

    private final PrefixSet allowed;
    /** The configuration's own deny list: nothing opens it. */
    private final PrefixSet denied;

    private EgressPolicy(PrefixSet protectedByDefault, PrefixSet allowed, PrefixSet denied) {
        this.protectedByDefault = protectedByDefault;
        this.allowed = allowed;
        this.denied = denied;
    }

    /**
     * @param rules   the configuration's additions
     * @param own     the gateway host's own addresses (its interfaces', and its address on the tunnel link)
     * @param pools   the address pools: denied with {@code isolate-clients}
     */
    public static EgressPolicy of(EgressRules rules, List<InetAddress> own, List<IpPrefix> pools) {
        List<IpPrefix> protect = new ArrayList<>(BUILT_IN);
        own.forEach(address -> protect.add(IpPrefix.host(address)));
        if (rules.isolateClients()) {
            protect.addAll(pools);
        }
        return new EgressPolicy(PrefixSet.of(protect), PrefixSet.of(rules.allow()), PrefixSet.of(rules.deny()));
    }

    /**
     * May this well-formed packet's destination be reached? {@code allow} opens a protected destination; the
     * configuration's {@code deny} wins over both.
     */
    public boolean permits(ByteBuf packet) {
        if (denied.containsDestination(packet)) {
            return false;
        }
        return !protectedByDefault.containsDestination(packet) || allowed.containsDestination(packet);
    }
}
