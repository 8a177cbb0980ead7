package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.Hex;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.ip.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Encoding and value parsing of CONNECT-IP capsules. Wire vectors come from an independent proxy
 * (quic-go's connect-ip-go), recorded in shared/vectors/connect-ip-capsules.md.
 */
class CapsuleCodecTest {

    static final String ADDRESS_ASSIGN_VECTOR = "011a00040a590002200006fd00008900000000000000000000000280";
    static final String ROUTE_ADVERTISEMENT_VECTOR =
            "032c040a5900000a5900ff0006fd000089000000000000000000000000fd00008900000000ffffffffffffffff00";

    @Test
    void decodesAndReencodesConnectIpGoAddressAssign() throws ProtocolViolation {
        Capsule capsule = decodeOne(ADDRESS_ASSIGN_VECTOR);

        assertThat(capsule)
                .isEqualTo(new AddressAssign(List.of(
                        new AssignedAddress(0, IpPrefix.parse("10.89.0.2/32")),
                        new AssignedAddress(0, IpPrefix.parse("fd00:89::2/128")))));
        assertThat(encode(capsule)).isEqualTo(ADDRESS_ASSIGN_VECTOR);
    }

    @Test
    void decodesAndReencodesConnectIpGoRouteAdvertisement() throws ProtocolViolation {
        Capsule capsule = decodeOne(ROUTE_ADVERTISEMENT_VECTOR);

        assertThat(capsule)
                .isEqualTo(new RouteAdvertisement(List.of(
                        new IpAddressRange(IpAddresses.parse("10.89.0.0"), IpAddresses.parse("10.89.0.255"), 0),
                        new IpAddressRange(
                                IpAddresses.parse("fd00:89::"),
                                IpAddresses.parse("fd00:89::ffff:ffff:ffff:ffff"),
                                0))));
        assertThat(encode(capsule)).isEqualTo(ROUTE_ADVERTISEMENT_VECTOR);
    }

    @Test
    void emptyAddressAssignAndRouteAdvertisementWithdrawEverything() throws ProtocolViolation {
        assertThat(decodeOne("0100")).isEqualTo(new AddressAssign(List.of()));
        assertThat(decodeOne("0300")).isEqualTo(new RouteAdvertisement(List.of()));
    }

    @Test
    void rfc9484VpnExampleRoundTrips() throws ProtocolViolation {
        // RFC 9484 §8.1: ADDRESS_REQUEST (1, 4, 0.0.0.0, 32) answered by ADDRESS_ASSIGN (1, 4, 192.0.2.11, 32)
        AddressRequest request = new AddressRequest(List.of(new RequestedAddress(1, IpPrefix.parse("0.0.0.0/32"))));
        AddressAssign assign = new AddressAssign(List.of(new AssignedAddress(1, IpPrefix.parse("192.0.2.11/32"))));
        assertThat(encode(request)).isEqualTo("020701040000000020");
        assertThat(encode(assign)).isEqualTo("01070104c000020b20");
        assertThat(decodeOne(encode(request))).isEqualTo(request);
        assertThat(decodeOne(encode(assign))).isEqualTo(assign);
    }

    @Test
    void ipv4MappedIpv6AddressesStayIpv6() throws ProtocolViolation {
        // ::ffff:10.0.0.1/128 — the JDK would turn these 16 bytes into an IPv4 address
        String hex = "011300" + "06" + "00000000000000000000ffff0a000001" + "80";
        AddressAssign capsule = (AddressAssign) decodeOne(hex);
        assertThat(capsule.addresses().get(0).prefix().ipVersion()).isEqualTo(6);
        assertThat(encode(capsule)).isEqualTo(hex);
    }

    @Test
    void datagramCapsuleCarriesTheHttpDatagramPayloadAsItIs() throws ProtocolViolation {
        // RFC 9297 §3.5: Type 0x00, Length 5, the payload: Context ID 0 (RFC 9484 §6) and a 4-byte "packet"
        Capsule capsule = decodeOne("0005004500001c");

        assertThat(capsule).isEqualTo(new DatagramCapsule(new byte[] {0, 0x45, 0, 0, 0x1c}));
        assertThat(encode(capsule)).isEqualTo("0005004500001c");
        ByteBuf header = Unpooled.buffer();
        DatagramCapsule.writeHeader(header, 0, 4);
        assertThat(Hex.of(header))
                .as("the packet path's header, the packet appended after")
                .isEqualTo("000500");
    }

    @Test
    void anAgentAnswersEveryRequestedAddressNotAssignedWithItsRequestId() {
        AddressRequest asked = new AddressRequest(List.of(
                new RequestedAddress(7, IpPrefix.parse("0.0.0.0/32")),
                new RequestedAddress(9, IpPrefix.parse("fd00::/64"))));

        // RFC 9484 §4.7.2: matching Request IDs; not assigned is the all-zero address, maximum prefix length
        assertThat(AddressAssign.rejectingAll(asked).addresses())
                .containsExactly(
                        new AssignedAddress(7, IpPrefix.parse("0.0.0.0/32")),
                        new AssignedAddress(9, IpPrefix.parse("::/128")));
        assertThat(AddressAssign.rejectingAll(asked).addresses()).allMatch(AssignedAddress::isRejection);
    }

    @Test
    void unknownCapsuleIsNotEncodable() {
        assertThatThrownBy(() -> CapsuleCodec.encode(new UnknownCapsule(0x17, 3), Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- one test per malformed-input rule: H3_MESSAGE_ERROR (RFC 9297 §3.3, RFC 9114 §4.1.2) ----

    @Test
    void ipVersionOtherThanFourOrSixIsMalformed() {
        assertMalformed("0107" + "00" + "05" + "0a590002" + "20", "IP Version 5");
        assertMalformed("030a" + "05" + "0a590000" + "0a5900ff" + "00", "IP Version 5");
    }

    @Test
    void prefixLengthBeyondTheAddressIsMalformed() {
        assertMalformed("0107" + "00" + "04" + "0a590002" + "21", "prefix length 33");
        assertMalformed("0113" + "00" + "06" + "fd000089000000000000000000000002" + "81", "prefix length 129");
    }

    @Test
    void bitsBeyondThePrefixLengthMustBeZero() {
        assertMalformed("0107" + "00" + "04" + "0a590002" + "18", "beyond the prefix length");
        assertMalformed("0207" + "01" + "04" + "0a590002" + "18", "beyond the prefix length");
    }

    @Test
    void addressRequestIdMustNotBeZero() {
        assertMalformed("0207" + "00" + "04" + "00000000" + "20", "Request ID must be non-zero");
    }

    @Test
    void addressRequestIdsMustBeUniqueWithinACapsule() {
        assertMalformed("020e" + "01" + "04" + "00000000" + "20" + "01" + "04" + "00000000" + "20", "used twice");
    }

    @Test
    void addressRequestWithoutEntriesIsRejected() {
        assertMalformed("0200", "zero Requested Addresses");
    }

    @Test
    void routeStartAboveEndIsMalformed() {
        assertMalformed("030a" + "04" + "0a5900ff" + "0a590000" + "00", "Start IP Address is greater");
    }

    @Test
    void routesMustBeOrderedByIpVersion() {
        String v6 = "06" + "fd000089000000000000000000000000" + "fd00008900000000ffffffffffffffff" + "00";
        String v4 = "04" + "0a590000" + "0a5900ff" + "00";
        assertMalformed("032c" + v6 + v4, "IP Version must not decrease");
    }

    @Test
    void routesMustBeOrderedByProtocolWithinAVersion() {
        assertMalformed(
                "0314" + "04" + "0a000000" + "0a0000ff" + "11" + "04" + "0b000000" + "0b0000ff" + "06",
                "IP Protocol must not decrease");
    }

    @Test
    void routesOfTheSameProtocolMustNotOverlap() {
        assertMalformed(
                "0314" + "04" + "0a000000" + "0a0000ff" + "00" + "04" + "0a000080" + "0a0001ff" + "00", "overlap");
        // touching is overlapping too: the end must be strictly below the next start
        assertMalformed(
                "0314" + "04" + "0a000000" + "0a0000ff" + "00" + "04" + "0a0000ff" + "0a0001ff" + "00", "overlap");
    }

    @Test
    void routesOfTheSameProtocolMustBeAscending() {
        assertMalformed(
                "0314" + "04" + "0b000000" + "0b0000ff" + "00" + "04" + "0a000000" + "0a0000ff" + "00", "out of order");
    }

    @Test
    void anyProtocolRangeMustNotOverlapAProtocolSpecificOne() {
        assertMalformed(
                "0314" + "04" + "0a000000" + "0a0000ff" + "00" + "04" + "0a000080" + "0a000090" + "11",
                "overlaps range 0");
    }

    @Test
    void rangesSharingASingleAddressOverlap() {
        // RFC 9484 §4.7.3: Start and End are both inside a range, so one shared address is an overlap, whichever
        // end of the protocol-0 range it is.
        assertMalformed(
                "0314" + "04" + "0a000000" + "0a000080" + "00" + "04" + "0a000080" + "0a000090" + "11",
                "overlaps range 0");
        assertMalformed(
                "0314" + "04" + "0a000090" + "0a0000c8" + "00" + "04" + "0a000080" + "0a000090" + "11",
                "overlaps range 0");
    }

    @Test
    void trailingBytesThatDoNotFormAnEntryAreMalformed() {
        assertMalformed("0108" + "00" + "04" + "0a590002" + "20" + "00", "truncated");
        assertMalformed("030b" + "04" + "0a590000" + "0a5900ff" + "00" + "04", "truncated");
    }

    @Test
    void entryCutShortIsMalformed() {
        assertMalformed("0101" + "40", "truncated"); // Request ID varint cut
        assertMalformed("0101" + "00", "truncated"); // no IP Version
        assertMalformed("0105" + "00" + "04" + "0a5900", "truncated"); // address cut
        assertMalformed("0309" + "04" + "0a590000" + "0a5900ff", "truncated"); // no IP Protocol
    }

    // ---- round trips ----

    @Property
    void everyValidCapsuleRoundTrips(@ForAll("capsules") Capsule capsule) throws ProtocolViolation {
        ByteBuf wire = Unpooled.buffer();
        CapsuleCodec.encode(capsule, wire);
        List<Capsule> out = new ArrayList<>();
        new CapsuleDecoder().decode(wire, out);
        assertThat(out).containsExactly(capsule);
    }

    @Provide
    Arbitrary<Capsule> capsules() {
        return CapsuleArbitraries.capsules();
    }

    static Capsule decodeOne(String hex) throws ProtocolViolation {
        List<Capsule> out = new ArrayList<>();
        CapsuleDecoder decoder = new CapsuleDecoder();
        decoder.decode(Hex.buf(hex), out);
        decoder.endOfStream();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static String encode(Capsule capsule) {
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(capsule, out);
        return Hex.of(out);
    }

    static void assertMalformed(String hex, String reasonPart) {
        assertThatThrownBy(() -> new CapsuleDecoder().decode(Hex.buf(hex), new ArrayList<>()))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> {
                    assertThat(v.error()).isEqualTo(H3Error.H3_MESSAGE_ERROR);
                    assertThat(v.reason()).contains(reasonPart);
                });
    }
}
