package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.quicroam.gateway.GatewayMetrics;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IcmpRateLimiter;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What bad packets get on a real tunnel (netty QUIC + HTTP/3 on loopback) with an egress the test writes into as the
 * Internet would: oversized downlink packets are answered with rate-limited "fragmentation needed" carrying the MTU
 * the tunnel carries, and never cost the connection; hop limits are decremented on encapsulation and answered with
 * Time Exceeded; an uplink packet outside the routes is answered with "administratively prohibited" through the tunnel.
 */
class IcmpPlaneLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final InetAddress SERVER = address("198.19.0.2");
    /** The gateway's own address on the tunnel link: the second of its IPv4 pool (docs/architecture.md). */
    private static final InetAddress GATEWAY = address("100.64.0.1");

    private static final int OVERSIZED = 10_000;

    private final InMemoryPacketIo egress = new InMemoryPacketIo("egress0", 65535, 4096);
    private LoopbackRig rig;
    private InetAddress inner;

    @BeforeEach
    void connect() throws Exception {
        rig = LoopbackRig.withGateway(LocalGateway.Options.defaults()
                        .withEgress(egress)
                        .withRoutes(List.of(IpPrefix.parse("198.19.0.0/24"))))
                .packetIo(new InMemoryPacketIo("mem0", 1500, 1024))
                .start();
        rig.connect();
        inner = rig.innerV4();
        awaitDownlinkCarries(1280);
    }

    /**
     * Each end's path MTU discovery (RFC 8899) starts at 1200-byte packets, and the gateway reads where its own got
     * every 250 ms: until then a packet of the tunnel's minimum does not fit the downlink. Without DF the ones that do
     * not fit are dropped unanswered, so the wait spends none of the rate limit the tests count.
     */
    private void awaitDownlinkCarries(int size) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            egress.inject(withoutDf(udpFromServer(size - 28)));
            ByteBuf delivered = rig.io().poll(Duration.ofMillis(100));
            if (delivered != null) {
                delivered.release();
                return;
            }
            assertThat(System.nanoTime())
                    .as("the downlink carries %d-byte packets", size)
                    .isLessThan(deadline);
        }
    }

    @AfterEach
    void close() {
        if (rig != null) {
            rig.close();
        }
        egress.close();
    }

    @Test
    void tenThousandOversizedDownlinkPacketsCostNothingButRateLimitedFragmentationNeeded() throws Exception {
        Agent agent = rig.agent();
        TunnelPath pathBefore = agent.primaryPath();
        QuicChannel connectionBefore = pathBefore.connection();
        GatewayMetrics gateway = rig.gateway().gateway().metrics();
        double oversizeBefore = gateway.drops(DropReason.OVERSIZE); // the warm-up's

        // The largest packet the tunnel carries, as the gateway reports it: one from the burst of the first too-big.
        egress.inject(udpFromServer(1472)); // a 1500-byte packet, DF set, as `ping -M do -s 1472` sends
        int mtu = nextMtuReported();
        assertThat(mtu).as("the MTU the tunnel carries").isBetween(1280, 1472);

        long started = System.nanoTime();
        for (int i = 0; i < OVERSIZED; i++) {
            egress.inject(udpFromServer(mtu + 1 - 28));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // Exactly the reported MTU crosses: the figure is what the tunnel carries, not a guess.
        egress.inject(udpFromServer(mtu - 28));
        ByteBuf delivered = rig.io().poll(WAIT);
        assertThat(delivered)
                .as("a packet of exactly the reported MTU reaches the agent")
                .isNotNull();
        try {
            assertThat(delivered.readableBytes()).isEqualTo(mtu);
            assertThat(IpPacket.hopLimit(delivered))
                    .as("one hop shorter (RFC 9484 §7.2)")
                    .isEqualTo(IpPacketBuilder.DEFAULT_HOP_LIMIT - 1);
            assertThat(InternetChecksum.ipv4HeaderValid(delivered)).isTrue();
        } finally {
            delivered.release();
        }

        List<ByteBuf> answers = egress.drain();
        int tooBig = 0;
        for (ByteBuf answer : answers) {
            try {
                if (isFragmentationNeeded(answer) && mtuOf(answer) == mtu) {
                    tooBig++;
                }
            } finally {
                answer.release();
            }
        }
        int burst = IcmpRateLimiter.DEFAULT_BURST - 1; // the first one was taken above
        double expected = burst + IcmpRateLimiter.DEFAULT_PER_DESTINATION_PER_SECOND * seconds;
        System.out.printf(
                "%d oversized packets in %.3f s: %d fragmentation-needed (mtu = %d) sent, %d rate-limited; "
                        + "expected about %.1f%n",
                OVERSIZED,
                seconds,
                tooBig,
                mtu,
                (long) gateway.icmp().rateLimitedCount(IcmpReplies.Kind.TOO_BIG),
                expected);
        assertThat(tooBig)
                .as("rate-limited too-big answers, all with the tunnel's MTU")
                .isBetween(burst, (int) Math.ceil(expected) + 1);
        assertThat(answers).as("nothing else came out of the egress").hasSize(tooBig);
        assertThat(gateway.drops(DropReason.OVERSIZE) - oversizeBefore).isEqualTo(OVERSIZED + 1);
        assertThat(gateway.drops(DropReason.WRITE_FAILED))
                .as("nothing too big reached QUIC")
                .isZero();
        assertThat(gateway.icmp().sentCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(tooBig + 1);
        assertThat(gateway.icmp().rateLimitedCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(OVERSIZED - tooBig);

        // The same QUIC connection, open; no reconnect, no session reset, no handover.
        assertThat(agent.primaryPath()).isSameAs(pathBefore);
        assertThat(connectionBefore.isActive()).isTrue();
        assertThat(agent.sessionResets()).isZero();
        assertThat(agent.status().get().handovers()).isEmpty();
        assertThat(rig.sessions()).isEqualTo(1);
    }

    @Test
    void hopLimitsAreDecrementedOnDownlinkEncapsulationAndAnsweredWhenTheyRunOut() throws Exception {
        GatewayMetrics gateway = rig.gateway().gateway().metrics();
        // Downlink: TTL 1 would reach 0 on the gateway's encapsulation.
        egress.inject(withTtl(udpFromServer(100), 1));
        ByteBuf answer = egress.poll(WAIT);
        assertThat(answer).as("Time Exceeded into the egress").isNotNull();
        try {
            assertThat(IcmpView.type(answer)).isEqualTo(11);
            assertThat(IpPacket.source(answer))
                    .as("from the gateway's own address")
                    .isEqualTo(GATEWAY);
            assertThat(IpPacket.destination(answer)).isEqualTo(SERVER);
        } finally {
            answer.release();
        }
        assertThat(gateway.drops(DropReason.HOP_LIMIT)).isEqualTo(1);
        assertThat(rig.io().poll(Duration.ofMillis(200)))
                .as("nothing reached the agent")
                .isNull();

        // Uplink: the laptop's own packets are not decremented by the agent (RFC 9484 §7.2 exempts what the endpoint
        // generates itself), nor by the gateway on decapsulation: TTL 1 reaches the egress as 1.
        rig.io().inject(withTtl(IpPacketBuilder.udp(inner, SERVER, 40000, 7, new byte[8]), 1));
        ByteBuf forwarded = egress.poll(WAIT);
        assertThat(forwarded).as("TTL 1 crosses").isNotNull();
        try {
            assertThat(IpPacket.hopLimit(forwarded))
                    .as("not decremented on decapsulation")
                    .isEqualTo(1);
        } finally {
            forwarded.release();
        }
        assertThat(rig.agent().metrics().drops(DropReason.HOP_LIMIT)).isZero();
    }

    @Test
    void refusedUplinkPacketsAreAnsweredAdministrativelyProhibited() throws Exception {
        GatewayMetrics gateway = rig.gateway().gateway().metrics();
        InetAddress outside = address("203.0.113.9");
        rig.io().inject(IpPacketBuilder.udp(inner, outside, 40000, 7, new byte[8]));
        ByteBuf answer = rig.io().poll(WAIT);
        assertThat(answer).as("an answer through the tunnel").isNotNull();
        try {
            assertThat(IcmpView.type(answer)).as("destination unreachable").isEqualTo(3);
            assertThat(IcmpView.code(answer))
                    .as("administratively prohibited (RFC 1812 §5.2.7.1)")
                    .isEqualTo(13);
            assertThat(IpPacket.source(answer)).isEqualTo(GATEWAY);
        } finally {
            answer.release();
        }
        assertThat(gateway.drops(DropReason.OUTSIDE_ROUTES)).isEqualTo(1);
        assertThat(gateway.icmp().sentCount(IcmpReplies.Kind.PROHIBITED)).isEqualTo(1);

        // A spoofed source is dropped and counted, never answered: the answer would go to the forged address.
        rig.io().inject(IpPacketBuilder.udp(address("100.64.250.250"), SERVER, 40000, 7, new byte[8]));
        Await.until("the spoofed packet counted", WAIT, () -> gateway.drops(DropReason.SPOOFED_SOURCE) == 1);
        assertThat(gateway.icmp().sentCount(IcmpReplies.Kind.PROHIBITED)).isEqualTo(1);
        assertThat(rig.io().poll(Duration.ofMillis(200))).isNull();
        assertThat(egress.poll(Duration.ofMillis(1)))
                .as("neither refused packet left the gateway")
                .isNull();
    }

    private int nextMtuReported() throws InterruptedException {
        ByteBuf answer = egress.poll(WAIT);
        assertThat(answer).as("fragmentation needed into the egress").isNotNull();
        try {
            assertThat(isFragmentationNeeded(answer)).isTrue();
            assertThat(IpPacket.source(answer)).isEqualTo(GATEWAY);
            assertThat(IpPacket.destination(answer)).isEqualTo(SERVER);
            return mtuOf(answer);
        } finally {
            answer.release();
        }
    }

    /** A UDP packet from the server to the laptop with {@code payload} bytes: 28 more on the wire. */
    private ByteBuf udpFromServer(int payload) {
        return IpPacketBuilder.udp(SERVER, inner, 5000, 40000, new byte[payload]);
    }

    private static ByteBuf withoutDf(ByteBuf packet) {
        packet.setShort(packet.readerIndex() + 6, 0);
        InternetChecksum.updateIpv4Header(packet);
        return packet;
    }

    private static ByteBuf withTtl(ByteBuf packet, int ttl) {
        packet.setByte(packet.readerIndex() + 8, ttl);
        InternetChecksum.updateIpv4Header(packet);
        return packet;
    }

    /** RFC 1191 §4: Destination Unreachable, code 4, the next-hop MTU in the low 16 bits of the second word. */
    private static boolean isFragmentationNeeded(ByteBuf icmp) {
        return IcmpView.isIcmp(icmp) && IcmpView.type(icmp) == 3 && IcmpView.code(icmp) == 4;
    }

    private static int mtuOf(ByteBuf icmp) {
        return icmp.getUnsignedShort(icmp.readerIndex() + IpPacket.upperLayerOffset(icmp) + 6);
    }

    private static InetAddress address(String literal) {
        return io.quicroam.masque.ip.IpAddresses.parse(literal);
    }
}
