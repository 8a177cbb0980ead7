package io.quicroam.gateway;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.AddressMath;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * Hands out single addresses (a /32 or a /128) from one configured prefix. The prefix's first two addresses
 * (network and gateway) are never handed out. A released address is quarantined before anyone may have it again,
 * allocated or claimed: the old holder's peers keep sending to it until their flows time out, and its next holder
 * must not receive that ({@link GatewayLimits#DEFAULT_QUARANTINE}). Thread-safe; time from the given clock.
 */
public final class AddressPool {
    /** Caps the bitmap for huge IPv6 prefixes: a million sessions per gateway is plenty. */
    private static final int MAX_HOSTS = 1 << 20;

    private static final int RESERVED = 2;

    private final IpPrefix prefix;
    private final BigInteger base;
    private final int size;
    /** Handed out, or in quarantine. */
    private final BitSet used = new BitSet();

    private final LongSupplier nanoClock;
    private final long quarantineNanos;
    /** Released addresses (their indexes), soonest free first. */
    private final PriorityQueue<Held> quarantined = new PriorityQueue<>(Comparator.comparingLong(Held::untilNanos));

    private int next = RESERVED;

    private record Held(int index, long untilNanos) {}

    /** @param nanoClock monotonic nanoseconds, for the quarantine */
    public AddressPool(IpPrefix prefix, LongSupplier nanoClock, Duration quarantine) {
        this.prefix = prefix;
        this.nanoClock = nanoClock;
        this.quarantineNanos = quarantine.toNanos();
        this.base = AddressMath.toNumber(prefix.address());
        int hostBits = prefix.address().getAddress().length * 8 - prefix.prefixLength();
        this.size = hostBits >= 20 ? MAX_HOSTS : 1 << hostBits;
        if (size <= RESERVED) {
            throw new IllegalArgumentException("pool " + prefix + " is too small: it needs at least 3 addresses");
        }
    }

    public IpPrefix prefix() {
        return prefix;
    }

    /** The pool's second address, never handed out: the gateway's own on the tunnel link (its ICMP errors' source). */
    public static InetAddress gatewayAddress(IpPrefix pool) {
        return AddressMath.fromNumber(
                AddressMath.toNumber(pool.address()).add(BigInteger.ONE),
                pool.address().getAddress().length);
    }

    /** The next free address, or empty when the pool is exhausted. */
    public synchronized Optional<InetAddress> allocate() {
        endQuarantines();
        for (int i = 0; i < size - RESERVED; i++) {
            int index = next;
            next = next + 1 >= size ? RESERVED : next + 1;
            if (!used.get(index)) {
                used.set(index);
                return Optional.of(at(index));
            }
        }
        return Optional.empty();
    }

    /** Takes {@code wanted} if it lies in this pool and is free (RFC 9484 §4.7.2: a client may ask for one). */
    public synchronized boolean claim(InetAddress wanted) {
        endQuarantines();
        int index = indexOf(wanted);
        if (index < RESERVED || used.get(index)) {
            return false;
        }
        used.set(index);
        return true;
    }

    /**
     * Gives back an address its holder stopped using at {@code sinceNanos} (on the pool's clock): free again once
     * the quarantine has passed since then. A session in its grace time stopped using it when its last path closed.
     */
    public synchronized void release(InetAddress address, long sinceNanos) {
        int index = indexOf(address);
        if (index < RESERVED) {
            return;
        }
        long until = sinceNanos + quarantineNanos;
        if (until - nanoClock.getAsLong() <= 0) {
            used.clear(index);
        } else {
            quarantined.add(new Held(index, until));
        }
    }

    /** Gives back an address that was never handed to anyone: free at once. */
    public synchronized void unclaim(InetAddress address) {
        int index = indexOf(address);
        if (index >= RESERVED) {
            used.clear(index);
        }
    }

    /** Would an address released with {@code sinceNanos} be free now? */
    boolean quarantineOver(long sinceNanos) {
        return sinceNanos + quarantineNanos - nanoClock.getAsLong() <= 0;
    }

    private void endQuarantines() {
        long now = nanoClock.getAsLong();
        while (!quarantined.isEmpty() && quarantined.peek().untilNanos() - now <= 0) {
            used.clear(quarantined.poll().index());
        }
    }

    private int indexOf(InetAddress address) {
        if (address.getAddress().length != prefix.address().getAddress().length || !prefix.contains(address)) {
            return -1;
        }
        BigInteger offset = AddressMath.toNumber(address).subtract(base);
        return offset.bitLength() > 31 || offset.intValue() >= size ? -1 : offset.intValue();
    }

    private InetAddress at(int index) {
        return AddressMath.fromNumber(
                base.add(BigInteger.valueOf(index)), prefix.address().getAddress().length);
    }
}
