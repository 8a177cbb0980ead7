package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.ip.AddressMath;
import io.quicroam.transport.RateLimitedLog;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the proxy may make this machine do. The agent runs as root and applies the proxy's ADDRESS_ASSIGN and
 * ROUTE_ADVERTISEMENT (RFC 9484 §4.7.1, §4.7.3) to the kernel, so a hostile or broken proxy must not be able to give
 * the laptop a pile of addresses, a loopback or multicast address, tens of thousands of routes, or every
 * destination when the user asked for a split tunnel. Whatever it refuses is counted by reason and logged at most
 * once a minute, without addresses; what remains is used.
 */
final class AssignmentPolicy {
    private static final Logger log = LoggerFactory.getLogger(AssignmentPolicy.class);

    /** Why part of an assignment was not applied: the {@code reason} of the refusal counter. */
    enum Refusal {
        /** A second address of a family: one per family is all a tunnel device needs. */
        EXTRA_ADDRESS("extra-address"),
        /** An address no device should carry: prefix /0, loopback, multicast. */
        UNUSABLE_ADDRESS("unusable-address"),
        /** Ranges covering a whole family together, with {@code tunnel.allow-default-route: false}. */
        DEFAULT_ROUTE("default-route"),
        /** Ranges beyond {@code tunnel.max-routes}. */
        TOO_MANY_ROUTES("too-many-routes");

        final String label;

        Refusal(String label) {
            this.label = label;
        }
    }

    private final int maxRoutes;
    private final boolean allowDefaultRoute;
    private final Consumer<Refusal> counter;
    private final RateLimitedLog logLimit;

    AssignmentPolicy(TunnelConfig tunnel, Consumer<Refusal> counter, RateLimitedLog logLimit) {
        this.maxRoutes = tunnel.maxRoutes();
        this.allowDefaultRoute = tunnel.allowDefaultRoute();
        this.counter = counter;
        this.logLimit = logLimit;
    }

    /** The first usable address of each family, in the proxy's order. */
    List<AssignedAddress> addresses(List<AssignedAddress> offered) {
        List<AssignedAddress> kept = new ArrayList<>();
        for (AssignedAddress address : offered) {
            if (address.isRejection()) {
                continue; // RFC 9484 §4.7.1: the proxy declines a request; nothing to configure
            }
            InetAddress ip = address.prefix().address();
            if (address.prefix().prefixLength() == 0 || ip.isLoopbackAddress() || ip.isMulticastAddress()) {
                refuse(Refusal.UNUSABLE_ADDRESS, 1);
            } else if (kept.stream()
                    .anyMatch(k -> k.prefix().ipVersion() == address.prefix().ipVersion())) {
                refuse(Refusal.EXTRA_ADDRESS, 1);
            } else {
                kept.add(address);
            }
        }
        return kept;
    }

    /**
     * The advertised ranges the device may carry, at most {@code max-routes}; unless the default route is allowed,
     * none of a family whose ranges together cover all of it (0.0.0.0/0, or its halves 0/1 and 128/1 alike).
     */
    List<IpAddressRange> routes(List<IpAddressRange> advertised) {
        List<IpAddressRange> kept = new ArrayList<>();
        int over = 0;
        boolean everyIpv4 = !allowDefaultRoute && coverWholeFamily(advertised, 4);
        boolean everyIpv6 = !allowDefaultRoute && coverWholeFamily(advertised, 16);
        for (IpAddressRange range : advertised) {
            if (range.start().getAddress().length == 4 ? everyIpv4 : everyIpv6) {
                refuse(Refusal.DEFAULT_ROUTE, 1);
            } else if (kept.size() < maxRoutes) {
                kept.add(range);
            } else {
                over++;
            }
        }
        if (over > 0) {
            refuse(Refusal.TOO_MANY_ROUTES, over);
        }
        return kept;
    }

    /** Whether the ranges of the family of {@code bytes}-byte addresses leave no address of it out. */
    private static boolean coverWholeFamily(List<IpAddressRange> ranges, int bytes) {
        List<IpAddressRange> family = new ArrayList<>(ranges.stream()
                .filter(r -> r.start().getAddress().length == bytes)
                .toList());
        family.sort(Comparator.comparing(r -> AddressMath.toNumber(r.start())));
        BigInteger next = BigInteger.ZERO; // the lowest address not covered yet
        for (IpAddressRange range : family) {
            if (AddressMath.toNumber(range.start()).compareTo(next) > 0) {
                return false;
            }
            next = next.max(AddressMath.toNumber(range.end()).add(BigInteger.ONE));
        }
        return next.equals(BigInteger.ONE.shiftLeft(bytes * 8));
    }

    private void refuse(Refusal why, int count) {
        for (int i = 0; i < count; i++) {
            counter.accept(why);
        }
        long suppressed = logLimit.tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "refused {} item(s) of the proxy's address assignment or routes ({}){}; see "
                            + "quicroam_agent_assignment_refused_total",
                    count,
                    why.label,
                    suppressed > 0 ? " and " + suppressed + " earlier refusal(s)" : "");
        }
    }
}
