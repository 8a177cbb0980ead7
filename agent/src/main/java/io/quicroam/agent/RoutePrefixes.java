package io.quicroam.agent;

import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.AddressMath;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Route arithmetic for the tunnel device: the advertised address ranges (RFC 9484 §4.7.3), narrowed to the
 * user's {@code include} prefixes when there are any, minus the {@code exclude} prefixes, minus the proxy's own
 * addresses (the tunnel must never route its own packets), as the fewest prefixes a routing table takes.
 * Exclusions always win. With an {@code include} list, a family without include entries gets no routes.
 */
final class RoutePrefixes {
    /** An inclusive range of addresses of one family, as unsigned numbers. */
    private record Span(BigInteger first, BigInteger last) {}

    private static final Comparator<Span> BY_START = Comparator.comparing(Span::first);

    private RoutePrefixes() {}

    static List<IpPrefix> of(
            Collection<IpAddressRange> advertised,
            List<IpPrefix> include,
            List<IpPrefix> exclude,
            Collection<InetAddress> excludedHosts) {
        List<IpPrefix> routes = new ArrayList<>();
        for (int bytes : new int[] {4, 16}) {
            List<Span> spans = merge(advertised.stream()
                    .filter(r -> r.start().getAddress().length == bytes)
                    .map(r -> new Span(AddressMath.toNumber(r.start()), AddressMath.toNumber(r.end())))
                    .toList());
            if (!include.isEmpty()) {
                spans = intersect(spans, merge(spans(include, bytes)));
            }
            List<Span> out = new ArrayList<>(spans(exclude, bytes));
            for (InetAddress host : excludedHosts) {
                if (host.getAddress().length == bytes) {
                    BigInteger point = AddressMath.toNumber(host);
                    out.add(new Span(point, point));
                }
            }
            for (Span hole : merge(out)) {
                spans = without(spans, hole);
            }
            for (Span span : spans) {
                split(span, bytes * 8, routes);
            }
        }
        return routes;
    }

    private static List<Span> spans(List<IpPrefix> prefixes, int bytes) {
        return prefixes.stream()
                .filter(p -> p.address().getAddress().length == bytes)
                .map(p -> {
                    BigInteger start = AddressMath.toNumber(p.address());
                    return new Span(start, AddressMath.prefixEnd(start, bytes * 8, p.prefixLength()));
                })
                .toList();
    }

    /** Sorted, with overlapping and adjacent spans joined. */
    private static List<Span> merge(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(BY_START);
        List<Span> merged = new ArrayList<>();
        for (Span span : sorted) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.first().compareTo(last.last().add(BigInteger.ONE)) <= 0) {
                merged.set(merged.size() - 1, new Span(last.first(), last.last().max(span.last())));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** The addresses in both merged lists. */
    private static List<Span> intersect(List<Span> a, List<Span> b) {
        List<Span> both = new ArrayList<>();
        for (Span x : a) {
            for (Span y : b) {
                BigInteger first = x.first().max(y.first());
                BigInteger last = x.last().min(y.last());
                if (first.compareTo(last) <= 0) {
                    both.add(new Span(first, last));
                }
            }
        }
        return merge(both);
    }

    private static List<Span> without(List<Span> spans, Span hole) {
        List<Span> out = new ArrayList<>();
        for (Span span : spans) {
            if (hole.last().compareTo(span.first()) < 0 || hole.first().compareTo(span.last()) > 0) {
                out.add(span);
                continue;
            }
            if (hole.first().compareTo(span.first()) > 0) {
                out.add(new Span(span.first(), hole.first().subtract(BigInteger.ONE)));
            }
            if (hole.last().compareTo(span.last()) < 0) {
                out.add(new Span(hole.last().add(BigInteger.ONE), span.last()));
            }
        }
        return out;
    }

    /** The fewest aligned prefixes covering the span. */
    private static void split(Span span, int bits, List<IpPrefix> out) {
        BigInteger start = span.first();
        while (start.compareTo(span.last()) <= 0) {
            int size = start.signum() == 0 ? bits : start.getLowestSetBit();
            while (size > 0
                    && start.add(BigInteger.ONE.shiftLeft(size))
                                    .subtract(BigInteger.ONE)
                                    .compareTo(span.last())
                            > 0) {
                size--;
            }
            out.add(new IpPrefix(AddressMath.fromNumber(start, bits / 8), bits - size));
            start = start.add(BigInteger.ONE.shiftLeft(size));
        }
    }
}
