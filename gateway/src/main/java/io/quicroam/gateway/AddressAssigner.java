package io.quicroam.gateway;

import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.ip.AddressMath;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The sessions' inner addresses: one from each configured pool per session, moved on ADDRESS_REQUEST, quarantined
 * when given back ({@link AddressPool}).
 */
final class AddressAssigner {
    /** A new session's addresses; null for a family the gateway has no pool for. */
    record Addresses(Inet4Address v4, Inet6Address v6) {}

    private final AddressPool poolV4;
    private final AddressPool poolV6;
    private final LongSupplier nanoClock;

    /** Either prefix may be null: that family is not offered. */
    AddressAssigner(IpPrefix poolV4, IpPrefix poolV6, LongSupplier nanoClock, Duration quarantine) {
        this.poolV4 = poolV4 == null ? null : new AddressPool(poolV4, nanoClock, quarantine);
        this.poolV6 = poolV6 == null ? null : new AddressPool(poolV6, nanoClock, quarantine);
        this.nanoClock = nanoClock;
    }

    /** One free address from each pool, or empty (holding none) when a pool is exhausted. */
    Optional<Addresses> allocate() {
        Inet4Address v4 = null;
        Inet6Address v6 = null;
        if (poolV4 != null) {
            v4 = (Inet4Address) poolV4.allocate().orElse(null);
        }
        if (poolV6 != null) {
            v6 = (Inet6Address) poolV6.allocate().orElse(null);
        }
        if ((poolV4 != null && v4 == null) || (poolV6 != null && v6 == null)) {
            if (v4 != null) {
                poolV4.unclaim(v4);
            }
            if (v6 != null) {
                poolV6.unclaim(v6);
            }
            return Optional.empty();
        }
        return Optional.of(new Addresses(v4, v6));
    }

    /**
     * Answers an ADDRESS_REQUEST (RFC 9484 §4.7.2). A request for a specific free address in the pool moves the
     * session to it; an all-zero address means "any" and keeps the current one. A request that cannot be met is
     * answered with the all-zero address at full prefix length (RFC 9484 §4.7.1). Every requested address gets an
     * answer with its own Request ID (§4.7.2), also when one capsule asks for several of a family: those the final
     * address satisfies get it, those an earlier one moved away from get the refusal. The caller re-indexes the
     * session, whose addresses may have changed.
     */
    AddressAssign honour(Session session, AddressRequest request) {
        Inet4Address v4 = session.ipv4();
        Inet6Address v6 = session.ipv6();
        List<Long> v4Requests = new ArrayList<>();
        List<Long> v6Requests = new ArrayList<>();
        List<AssignedAddress> refusals = new ArrayList<>();
        for (RequestedAddress wanted : request.addresses()) {
            InetAddress address = wanted.prefix().address();
            boolean isV4 = address instanceof Inet4Address;
            InetAddress current = isV4 ? v4 : v6;
            AddressPool pool = isV4 ? poolV4 : poolV6;
            InetAddress granted = null;
            if (current != null
                    && (address.isAnyLocalAddress() || wanted.prefix().contains(current))) {
                granted = current;
            } else if (pool != null
                    && wanted.prefix().prefixLength() == address.getAddress().length * 8
                    && pool.claim(address)) {
                if (current != null) {
                    pool.release(current, nanoClock.getAsLong()); // quarantined: nobody else may claim it at once
                }
                granted = address;
            }
            if (granted == null) {
                refusals.add(new AssignedAddress(
                        wanted.requestId(),
                        new IpPrefix(AddressMath.zero(isV4 ? 4 : 16), address.getAddress().length * 8)));
            } else {
                List<Long> answered = isV4 ? v4Requests : v6Requests;
                if (!granted.equals(current)) {
                    refuseAll(answered, isV4, refusals); // they were answered with the address just given up
                }
                answered.add(wanted.requestId());
                if (isV4) {
                    v4 = (Inet4Address) granted;
                } else {
                    v6 = (Inet6Address) granted;
                }
            }
        }
        session.assign(v4, last(v4Requests), v6, last(v6Requests));
        List<AssignedAddress> all = new ArrayList<>(session.assigned());
        addEarlier(all, v4, v4Requests);
        addEarlier(all, v6, v6Requests);
        all.addAll(refusals);
        return new AddressAssign(all);
    }

    private static void refuseAll(List<Long> requestIds, boolean isV4, List<AssignedAddress> refusals) {
        for (long requestId : requestIds) {
            IpPrefix none = new IpPrefix(AddressMath.zero(isV4 ? 4 : 16), isV4 ? 32 : 128);
            refusals.add(new AssignedAddress(requestId, none));
        }
        requestIds.clear();
    }

    private static long last(List<Long> requestIds) {
        return requestIds.isEmpty() ? 0 : requestIds.get(requestIds.size() - 1);
    }

    /** The same address once more for each earlier request of the capsule it satisfies (the last one is listed). */
    private static void addEarlier(List<AssignedAddress> all, InetAddress address, List<Long> requestIds) {
        for (int i = 0; i < requestIds.size() - 1; i++) {
            all.add(new AssignedAddress(requestIds.get(i), IpPrefix.host(address)));
        }
    }

    /** Gives an ended session's addresses back to their pools; it stopped using them at {@code sinceNanos}. */
    void release(Session session, long sinceNanos) {
        if (session.ipv4() != null) {
            poolV4.release(session.ipv4(), sinceNanos);
        }
        if (session.ipv6() != null) {
            poolV6.release(session.ipv6(), sinceNanos);
        }
    }

    /** Would addresses released with {@code sinceNanos} be free now? */
    boolean quarantineOver(long sinceNanos) {
        AddressPool any = poolV4 != null ? poolV4 : poolV6;
        return any.quarantineOver(sinceNanos);
    }
}
