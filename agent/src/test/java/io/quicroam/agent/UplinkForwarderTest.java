package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpRateLimiter;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The uplink with in-memory paths and device: what goes where, and what is too big. */
class UplinkForwarderTest {
    private static final int TUNNEL_MTU = 1400;
    private static final int PATH_MAX = 1350; // IPv6 needs at least 1280 (RFC 8200 §5)

    /** A path that keeps what it was sent. */
    private static final class RecordingCarrier implements UplinkForwarder.Carrier {
        final PathId id;
        final int maxPacketSize;
        final List<Long> contexts = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();

        RecordingCarrier(String name) throws UnknownHostException {
            this(name, PATH_MAX);
        }

        RecordingCarrier(String name, int maxPacketSize) throws UnknownHostException {
            this.id = new PathId(name, InetAddress.getByName("192.0.2.1"), new InetSocketAddress("192.0.2.9", 443));
            this.maxPacketSize = maxPacketSize;
        }

        @Override
        public PathId id() {
            return id;
        }

        @Override
        public int maxPacketSize() {
            return maxPacketSize;
        }

        @Override
        public void send(long contextId, ByteBuf payload) {
            contexts.add(contextId);
            payloads.add(ByteBufUtil.getBytes(payload));
            payload.release();
        }
    }

    private final InMemoryPacketIo device = new InMemoryPacketIo("qr0", 9000, 16);
    private final AgentMetrics metrics = new AgentMetrics(new SimpleMeterRegistry());
    private final List<String> sentOn = new ArrayList<>();
    private RecordingCarrier[] carriers = new RecordingCarrier[0];
    private boolean sequenced;
    private long now;
    /** A burst of 2 per destination, refilled at 1/s, on a clock the test moves. */
    private final IcmpReplies icmp = new IcmpReplies(
            UnpooledByteBufAllocator.DEFAULT,
            new IcmpRateLimiter(() -> now, 1, 2, 500, 16),
            IpPacket::destination,
            metrics.icmp());

    /** The proxy assigned the test packets' source and routes every destination they use. */
    private TunnelAssignment assignment = new TunnelAssignment(
            List.of(
                    new AssignedAddress(0, IpPrefix.parse("2001:db8::1")),
                    new AssignedAddress(0, IpPrefix.parse("192.0.2.1"))),
            List.of(range("2001:db8::", "2001:db8::ffff", 0), range("198.51.100.0", "198.51.100.255", 0)));

    private List<IpPrefix> withdrawn = List.of();

    private final UplinkForwarder uplink = new UplinkForwarder(
            () -> TUNNEL_MTU,
            new UplinkRules(() -> assignment, () -> withdrawn),
            () -> carriers,
            () -> sequenced,
            (id, bytes) -> sentOn.add(id.interfaceName() + ":" + bytes),
            device,
            metrics,
            icmp,
            UnpooledByteBufAllocator.DEFAULT);

    @AfterEach
    void release() {
        device.drain().forEach(ByteBuf::release);
        device.close();
    }

    /** An IPv6 packet of {@code length} bytes from 2001:db8::1 to 2001:db8::2, payload bytes counting up. */
    private static ByteBuf ipv6(int length) {
        ByteBuf p = Unpooled.buffer(length);
        p.writeInt(0x6000_0000).writeShort(length - 40).writeByte(17).writeByte(64);
        p.writeLong(0x2001_0db8_0000_0000L).writeLong(1);
        p.writeLong(0x2001_0db8_0000_0000L).writeLong(2);
        for (int i = 40; i < length; i++) {
            p.writeByte(i);
        }
        return p;
    }

    private static IpAddressRange range(String start, String end, int protocol) {
        return new IpAddressRange(IpAddresses.parse(start), IpAddresses.parse(end), protocol);
    }

    @Test
    void aPacketFromAWithdrawnAddressIsAnsweredAdministrativelyProhibitedAndNotSent() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        // RFC 9484 §4.7.1: an empty ADDRESS_ASSIGN withdraws every address; the routes stay.
        assignment = assignment.withAddresses(List.of());
        withdrawn = List.of(IpPrefix.parse("2001:db8::1"), IpPrefix.parse("192.0.2.1"));

        uplink.accept(ipv6(100));

        assertThat(wlan.contexts).as("nothing reaches the proxy").isEmpty();
        assertThat(metrics.drops(DropReason.SPOOFED_SOURCE)).isEqualTo(1);
        List<ByteBuf> errors = device.drain();
        assertThat(errors).hasSize(1);
        ByteBuf error = errors.get(0);
        // ICMPv6 destination unreachable, code 1: administratively prohibited (RFC 4443 §3.1)
        assertThat((int) error.getUnsignedByte(error.readerIndex() + 40)).isEqualTo(1);
        assertThat((int) error.getUnsignedByte(error.readerIndex() + 41)).isEqualTo(1);
        error.release();
    }

    @Test
    void aForeignSourceNeverAssignedIsTheProxysToRefuse() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        withdrawn = List.of(IpPrefix.parse("2001:db8::5"));

        uplink.accept(ipv6(100)); // from 2001:db8::1, assigned

        assertThat(wlan.contexts).hasSize(1);
        assertThat(metrics.drops(DropReason.SPOOFED_SOURCE)).isZero();
    }

    @Test
    void aProtocolLimitedRangeTakesOnlyItsProtocolAndAnswersTheRestWithIcmp() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        // RFC 9484 §4.7.3: 203.0.113.0/24 carries TCP (6) only, 203.0.114.0/24 UDP (17) only
        assignment = assignment.withRoutes(
                List.of(range("203.0.113.0", "203.0.113.255", 6), range("203.0.114.0", "203.0.114.255", 17)));
        InetAddress from = InetAddress.getByName("192.0.2.1");
        InetAddress tcpOnly = InetAddress.getByName("203.0.113.7");
        InetAddress udpOnly = InetAddress.getByName("203.0.114.7");

        uplink.accept(IpPacketBuilder.udp(from, tcpOnly, 4000, 53, new byte[20]));
        uplink.accept(IpPacketBuilder.udp(from, udpOnly, 4000, 53, new byte[20]));
        uplink.accept(IpPacketBuilder.icmpEcho(from, tcpOnly, 1, 1, new byte[8], false)); // ICMP always (§4.7.3)

        assertThat(wlan.contexts)
                .as("UDP to the UDP range and ICMP go; UDP to the TCP range does not")
                .hasSize(2);
        assertThat(metrics.drops(DropReason.OUTSIDE_ROUTES)).isEqualTo(1);
        List<ByteBuf> errors = device.drain();
        assertThat(errors).hasSize(1);
        ByteBuf error = errors.get(0);
        // ICMP destination unreachable, code 13: communication administratively prohibited (RFC 1812 §5.2.7.1)
        assertThat((int) error.getUnsignedByte(error.readerIndex() + 20)).isEqualTo(3);
        assertThat((int) error.getUnsignedByte(error.readerIndex() + 21)).isEqualTo(13);
        error.release();
    }

    @Test
    void oneCarrierTakesThePacketAsItIs() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        ByteBuf packet = ipv6(100);
        byte[] bytes = ByteBufUtil.getBytes(packet);

        uplink.accept(packet);

        assertThat(wlan.contexts).containsExactly(HttpDatagram.IP_PACKET_CONTEXT_ID);
        assertThat(wlan.payloads.get(0)).isEqualTo(bytes);
        assertThat(sentOn).containsExactly("wlan0:100");
        assertThat(metrics.uplinkPacketCount()).isEqualTo(1);
    }

    @Test
    void aPacketLargerThanThePathCarriesIsAnsweredWithPacketTooBig() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};

        uplink.accept(ipv6(PATH_MAX + 1));

        assertThat(wlan.contexts).isEmpty();
        assertThat(metrics.drops(DropReason.OVERSIZE)).isEqualTo(1);
        ByteBuf icmp = device.drain().get(0);
        try {
            assertThat(icmp.getUnsignedByte(icmp.readerIndex() + 40)).isEqualTo((short) 2); // ICMPv6 Packet Too Big
            assertThat(icmp.getInt(icmp.readerIndex() + 44)).isEqualTo(PATH_MAX); // RFC 4443 §3.2: the MTU
        } finally {
            icmp.release();
        }
    }

    @Test
    void theTunnelMtuCapsWhatAPathWouldCarry() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0", 9000);
        carriers = new RecordingCarrier[] {wlan};

        uplink.accept(ipv6(TUNNEL_MTU + 1));

        assertThat(wlan.contexts).isEmpty();
        ByteBuf icmp = device.drain().get(0);
        try {
            assertThat(icmp.getInt(icmp.readerIndex() + 44)).isEqualTo(TUNNEL_MTU);
        } finally {
            icmp.release();
        }
    }

    @Test
    void redundantCopiesCarryOneSequenceNumberOnEveryPath() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        RecordingCarrier wwan = new RecordingCarrier("wwan0");
        carriers = new RecordingCarrier[] {wlan, wwan};
        sequenced = true;
        ByteBuf first = ipv6(60);
        byte[] firstBytes = ByteBufUtil.getBytes(first);

        uplink.accept(first);
        uplink.accept(ipv6(60));

        for (RecordingCarrier carrier : carriers) {
            assertThat(carrier.contexts)
                    .containsOnly(QuicroamExtension.SEQUENCED_IP_CONTEXT_ID)
                    .hasSize(2);
            ByteBuf copy = Unpooled.wrappedBuffer(carrier.payloads.get(0));
            assertThat(VarInt.read(copy)).isZero();
            assertThat(ByteBufUtil.getBytes(copy)).isEqualTo(firstBytes);
            assertThat(VarInt.read(Unpooled.wrappedBuffer(carrier.payloads.get(1))))
                    .isEqualTo(1);
        }
        assertThat(sentOn).containsExactly("wlan0:60", "wwan0:60", "wlan0:60", "wwan0:60");
    }

    @Test
    void redundantCopiesLeaveRoomForTheSequenceNumber() throws Exception {
        carriers = new RecordingCarrier[] {new RecordingCarrier("wlan0"), new RecordingCarrier("wwan0")};
        sequenced = true;

        uplink.accept(ipv6(PATH_MAX - 7));
        uplink.accept(ipv6(PATH_MAX - 8));

        assertThat(metrics.drops(DropReason.OVERSIZE)).isEqualTo(1);
        assertThat(carriers[0].payloads).hasSize(1);
        assertThat(carriers[1].payloads).hasSize(1);
    }

    @Test
    void withoutTheExtensionOnlyTheFirstCarrierSends() throws Exception {
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        RecordingCarrier wwan = new RecordingCarrier("wwan0");
        carriers = new RecordingCarrier[] {wlan, wwan};

        uplink.accept(ipv6(60));

        assertThat(wlan.contexts).containsExactly(HttpDatagram.IP_PACKET_CONTEXT_ID);
        assertThat(wwan.contexts).isEmpty();
    }

    @Test
    void withoutACarrierOrWithAMalformedPacketNothingIsSent() throws Exception {
        uplink.accept(ipv6(60));
        assertThat(metrics.drops(DropReason.NO_PATH)).isEqualTo(1);

        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        ByteBuf malformed = ipv6(60);
        malformed.setShort(4, 99); // payload length disagrees with the packet
        uplink.accept(malformed);

        assertThat(metrics.drops(DropReason.MALFORMED_PACKET)).isEqualTo(1);
        assertThat(wlan.contexts).isEmpty();
        assertThat(metrics.uplinkPacketCount()).isZero();
    }

    @Test
    void theLaptopsOwnPacketsLeaveWithTheirHopLimit() throws Exception {
        // RFC 9484 §7.2: no decrement for packets the endpoint generates itself; hop limit 1 still leaves.
        RecordingCarrier wlan = new RecordingCarrier("wlan0");
        carriers = new RecordingCarrier[] {wlan};
        ByteBuf last = ipv6(100);
        last.setByte(7, 1);

        uplink.accept(last);

        assertThat(wlan.payloads.get(0)[7]).as("hop limit unchanged").isEqualTo((byte) 1);
        assertThat(metrics.drops(DropReason.HOP_LIMIT)).isZero();
        assertThat(device.drain()).as("no ICMP into the device").isEmpty();
    }

    @Test
    void errorsIntoTheDeviceAreRateLimited() throws Exception {
        carriers = new RecordingCarrier[] {new RecordingCarrier("wlan0")};

        for (int i = 0; i < 100; i++) {
            uplink.accept(ipv6(PATH_MAX + 1));
        }
        now += 1_000_000_000L; // one second: one more token
        uplink.accept(ipv6(PATH_MAX + 1));

        assertThat(metrics.drops(DropReason.OVERSIZE)).isEqualTo(101);
        List<ByteBuf> errors = device.drain();
        errors.forEach(ByteBuf::release);
        assertThat(errors).as("the burst of 2, then 1 after a second").hasSize(3);
        assertThat(metrics.icmp().sentCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(3);
        assertThat(metrics.icmp().rateLimitedCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(98);
    }
}
