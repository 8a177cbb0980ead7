package io.quicroam.masque.capsule;

import io.quicroam.masque.VarInt;
import io.quicroam.masque.ip.IpAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid capsules: every value they produce satisfies RFC 9484 §4.7. */
final class CapsuleArbitraries {

    private CapsuleArbitraries() {}

    static Arbitrary<Capsule> capsules() {
        return Arbitraries.oneOf(addressAssigns(), addressRequests(), routeAdvertisements());
    }

    static Arbitrary<IpPrefix> prefixes() {
        return Arbitraries.of(4, 6).flatMap(version -> {
            int bits = version == 4 ? 32 : 128;
            return Combinators.combine(
                            Arbitraries.bytes().array(byte[].class).ofSize(bits / 8),
                            Arbitraries.integers().between(0, bits).edgeCases(c -> c.includeOnly(0, bits)))
                    .as((bytes, length) -> new IpPrefix(IpAddresses.fromBytes(masked(bytes, length)), length));
        });
    }

    static Arbitrary<Capsule> addressAssigns() {
        Arbitrary<AssignedAddress> entry = Combinators.combine(
                        Arbitraries.longs().between(0, VarInt.MAX_VALUE).edgeCases(c -> c.includeOnly(0L, 63L, 64L)),
                        prefixes())
                .as(AssignedAddress::new);
        return entry.list().ofMaxSize(6).map(AddressAssign::new);
    }

    static Arbitrary<Capsule> addressRequests() {
        return Arbitraries.longs()
                .between(1, VarInt.MAX_VALUE)
                .set()
                .ofMinSize(1)
                .ofMaxSize(6)
                .flatMap(ids -> prefixes().list().ofSize(ids.size()).map(prefixes -> {
                    List<RequestedAddress> entries = new ArrayList<>();
                    int i = 0;
                    for (long id : ids) {
                        entries.add(new RequestedAddress(id, prefixes.get(i++)));
                    }
                    return new AddressRequest(entries);
                }));
    }

    /**
     * Valid advertisements: disjoint ranges cut from sorted distinct points (so nothing overlaps, not even
     * across protocols), each given a protocol, then ordered by (version, protocol, start).
     */
    static Arbitrary<Capsule> routeAdvertisements() {
        return Combinators.combine(ranges(4), ranges(6)).as((v4, v6) -> {
            List<IpAddressRange> all = new ArrayList<>(v4);
            all.addAll(v6);
            return new RouteAdvertisement(all);
        });
    }

    private static Arbitrary<List<IpAddressRange>> ranges(int version) {
        int length = version == 4 ? 4 : 16;
        return Combinators.combine(
                        Arbitraries.bytes()
                                .array(byte[].class)
                                .ofSize(length)
                                .list()
                                .ofMaxSize(10),
                        Arbitraries.of(0, 1, 6, 17, 58, 132, 255).list().ofSize(5),
                        Arbitraries.of(true, false))
                .as((points, protocols, singleHosts) -> {
                    TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
                    sorted.addAll(points);
                    List<byte[]> distinct = new ArrayList<>(sorted);
                    List<IpAddressRange> ranges = new ArrayList<>();
                    int step = singleHosts ? 1 : 2;
                    for (int i = 0; i + step - 1 < distinct.size(); i += step) {
                        ranges.add(new IpAddressRange(
                                IpAddresses.fromBytes(distinct.get(i)),
                                IpAddresses.fromBytes(distinct.get(i + step - 1)),
                                protocols.get(i / step % protocols.size())));
                    }
                    ranges.sort(Comparator.comparingInt(IpAddressRange::ipProtocol)
                            .thenComparing((a, b) -> Arrays.compareUnsigned(
                                    a.start().getAddress(), b.start().getAddress())));
                    return ranges;
                });
    }

    static byte[] masked(byte[] bytes, int prefixLength) {
        byte[] out = bytes.clone();
        for (int bit = prefixLength; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
        }
        return out;
    }
}
