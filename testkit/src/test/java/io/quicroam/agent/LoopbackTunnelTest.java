package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.masque.ip.UdpView;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent and the gateway in one JVM over real netty QUIC + HTTP/3 on loopback, with in-memory packet I/O
 * on the agent and the echo host behind the gateway.
 */
class LoopbackTunnelTest {
    private static final String ALICE_TOKEN = "alice-0123456789abcdef0123456789";
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    private static LocalGateway gateway;

    @TempDir
    static Path dir;

    private final List<LoopbackRig> rigs = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = LocalGateway.start(
                LocalGateway.Options.defaults().withTokens(List.of("alice " + ALICE_TOKEN)), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @AfterEach
    void stopAgents() {
        rigs.forEach(LoopbackRig::close);
    }

    private record Running(Agent agent, InMemoryPacketIo io, Inet4Address v4, Inet6Address v6) {}

    private Running connect(String token) throws Exception {
        Path tokenFile =
                Files.writeString(dir.resolve("token-" + token.hashCode()), token + "\n", StandardCharsets.UTF_8);
        InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 1024); // bigger than the tunnel: oversize test
        LoopbackRig rig =
                LoopbackRig.on(gateway).tokenFile(tokenFile).packetIo(io).start();
        rigs.add(rig);
        rig.connect();
        return new Running(rig.agent(), io, (Inet4Address) rig.innerV4(), (Inet6Address) rig.innerV6());
    }

    @Test
    void pingsCrossTheTunnelOverIpv4AndIpv6() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        assertThat(tunnel.v4).isNotNull();
        assertThat(tunnel.v6).isNotNull();
        for (InetAddress[] pair : new InetAddress[][] {
            {tunnel.v4, InetAddress.getByName("198.51.100.7")},
            {tunnel.v6, InetAddress.getByName("2001:db8::7")}
        }) {
            tunnel.io.inject(IpPacketBuilder.icmpEcho(pair[0], pair[1], 0x4242, 7, "ping".getBytes(), false));
            ByteBuf reply = tunnel.io.poll(REPLY_TIMEOUT);
            assertThat(reply).as("echo reply to %s", pair[1]).isNotNull();
            try {
                assertThat(IcmpView.isEchoReply(reply)).isTrue();
                assertThat(IpPacket.source(reply)).isEqualTo(pair[1]);
                assertThat(IpPacket.destination(reply)).isEqualTo(pair[0]);
                assertThat(IcmpView.identifier(reply)).isEqualTo(0x4242);
                assertThat(IcmpView.sequence(reply)).isEqualTo(7);
            } finally {
                reply.release();
            }
        }
    }

    @Test
    void udpIsEchoedOverIpv4AndIpv6() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        for (InetAddress[] pair : new InetAddress[][] {
            {tunnel.v4, InetAddress.getByName("203.0.113.9")},
            {tunnel.v6, InetAddress.getByName("2001:db8::9")}
        }) {
            byte[] payload = ("hello " + pair[1].getHostAddress()).getBytes(StandardCharsets.US_ASCII);
            tunnel.io.inject(IpPacketBuilder.udp(pair[0], pair[1], 40000, 7, payload));
            ByteBuf reply = tunnel.io.poll(REPLY_TIMEOUT);
            assertThat(reply).as("UDP echo from %s", pair[1]).isNotNull();
            try {
                assertThat(UdpView.isUdp(reply)).isTrue();
                assertThat(UdpView.sourcePort(reply)).isEqualTo(7);
                assertThat(UdpView.destinationPort(reply)).isEqualTo(40000);
                assertThat(IpPacket.destination(reply)).isEqualTo(pair[0]);
                ByteBuf body = UdpView.payload(reply);
                assertThat(body.toString(StandardCharsets.US_ASCII))
                        .isEqualTo(new String(payload, StandardCharsets.US_ASCII));
            } finally {
                reply.release();
            }
        }
    }

    @Test
    void wrongTokenIsRefusedWith401AndNothingIsAssigned() throws Exception {
        // A gateway of its own: on the shared one, earlier tests' sessions end their grace time at any moment.
        Path tokenFile = Files.writeString(dir.resolve("mallory"), "mallory-not-a-valid-token-000000\n");
        try (LoopbackRig mallory = LoopbackRig.withGateway(
                        LocalGateway.Options.defaults().withTokens(List.of("alice " + ALICE_TOKEN)))
                .tokenFile(tokenFile)
                .start()) {
            assertThatThrownBy(mallory::connect)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ConnectIpRefusedException.class)
                    .satisfies(e ->
                            assertThat(((ConnectIpRefusedException) e).status()).isEqualTo(401));
            assertThat(mallory.sessions()).as("sessions on the gateway").isZero();
        }
    }

    @Test
    void spoofedInnerSourceIsDroppedAndCounted() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        double before = gateway.gateway().metrics().drops(DropReason.SPOOFED_SOURCE);
        tunnel.io.inject(IpPacketBuilder.icmpEcho(
                InetAddress.getByName("100.64.250.250"),
                InetAddress.getByName("198.51.100.7"),
                1,
                1,
                new byte[8],
                false));
        assertThat(tunnel.io.poll(Duration.ofMillis(500)))
                .as("no answer to a spoofed packet")
                .isNull();
        Await.until(
                "the spoofed packet counted",
                Duration.ofSeconds(5),
                () -> gateway.gateway().metrics().drops(DropReason.SPOOFED_SOURCE) == before + 1);
    }

    @Test
    void unknownCapsuleIsSkippedAndTheTunnelStaysUp() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        // Capsule type 0x2a7b (unassigned; a 2-byte varint 0x6a7b), length 3, value "abc" (RFC 9297 §3.2).
        ByteBuf unknown = Unpooled.buffer().writeBytes(new byte[] {0x6a, 0x7b, 0x03, 'a', 'b', 'c'});
        tunnel.agent.primaryPath().stream()
                .writeAndFlush(new DefaultHttp3DataFrame(unknown))
                .sync();
        tunnel.io.inject(
                IpPacketBuilder.icmpEcho(tunnel.v4, InetAddress.getByName("198.51.100.7"), 9, 9, new byte[4], false));
        ByteBuf reply = tunnel.io.poll(REPLY_TIMEOUT);
        assertThat(reply).as("tunnel still answers after the unknown capsule").isNotNull();
        reply.release();
        assertThat(tunnel.agent.primaryPath().isOpen()).isTrue();
    }

    @Test
    void oversizedPacketIsAnsweredWithPacketTooBig() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        for (InetAddress[] pair : new InetAddress[][] {
            {tunnel.v4, InetAddress.getByName("198.51.100.7")},
            {tunnel.v6, InetAddress.getByName("2001:db8::7")}
        }) {
            ByteBuf big = IpPacketBuilder.udp(pair[0], pair[1], 40000, 7, new byte[1400]);
            tunnel.io.inject(big);
            ByteBuf answer = tunnel.io.poll(REPLY_TIMEOUT);
            assertThat(answer).as("ICMP too-big for %s", pair[1]).isNotNull();
            try {
                assertThat(IcmpView.isIcmp(answer)).isTrue();
                boolean v4 = pair[0] instanceof Inet4Address;
                // RFC 1191 §4: type 3 code 4 with the next-hop MTU; RFC 4443 §3.2: type 2 with the MTU.
                assertThat(IcmpView.type(answer)).isEqualTo(v4 ? 3 : 2);
                assertThat(IpPacket.destination(answer)).isEqualTo(pair[0]);
                int offset = answer.readerIndex() + IpPacket.upperLayerOffset(answer);
                long mtu = v4 ? answer.getUnsignedShort(offset + 6) : answer.getUnsignedInt(offset + 4);
                assertThat(mtu).isEqualTo(1280);
            } finally {
                answer.release();
            }
        }
        assertThat(tunnel.agent.metrics().drops(DropReason.OVERSIZE)).isEqualTo(2);
    }

    @Test
    void addressRequestIsHonouredAndTheOldAddressStopsWorking() throws Exception {
        Running tunnel = connect(ALICE_TOKEN);
        InetAddress wanted = InetAddress.getByName("100.64.200.9");
        tunnel.agent
                .primaryPath()
                .sendCapsules(new io.quicroam.masque.capsule.AddressRequest(
                        List.of(new io.quicroam.masque.capsule.RequestedAddress(
                                7, io.quicroam.masque.capsule.IpPrefix.host(wanted)))));
        Await.until(
                "the requested address assigned",
                Duration.ofSeconds(5),
                () -> tunnel.agent.assignment().addresses().stream()
                        .anyMatch(
                                a -> a.requestId() == 7 && a.prefix().address().equals(wanted)));
        tunnel.io.inject(
                IpPacketBuilder.icmpEcho(wanted, InetAddress.getByName("198.51.100.7"), 3, 3, new byte[4], false));
        ByteBuf reply = tunnel.io.poll(REPLY_TIMEOUT);
        assertThat(reply).as("the requested address works").isNotNull();
        reply.release();
        tunnel.io.inject(
                IpPacketBuilder.icmpEcho(tunnel.v4, InetAddress.getByName("198.51.100.7"), 4, 4, new byte[4], false));
        // The old address was withdrawn (RFC 9484 §4.7.1): the agent keeps it out of the tunnel and says so with ICMP
        // "administratively prohibited" (UplinkRules) instead of letting the gateway drop it silently.
        ByteBuf refusal = tunnel.io.poll(REPLY_TIMEOUT);
        assertThat(refusal)
                .as("the old address is no longer ours: an answer from the agent")
                .isNotNull();
        assertThat(IcmpView.isEchoReply(refusal)).as("no echo reply").isFalse();
        assertThat((int) refusal.getUnsignedByte(refusal.readerIndex() + 21))
                .as("code 13, administratively prohibited")
                .isEqualTo(13);
        refusal.release();
    }

    @Test
    void anExhaustedPoolAnswers503() throws Exception {
        try (LocalGateway tiny = LocalGateway.start(
                LocalGateway.Options.defaults()
                        .withPools(io.quicroam.masque.capsule.IpPrefix.parse("100.64.3.0/30"), null),
                new SimpleMeterRegistry())) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LoopbackRig rig = LoopbackRig.on(tiny).start();
                rigs.add(rig);
                try {
                    rig.connect();
                    statuses.add(200);
                } catch (ExecutionException e) {
                    statuses.add(e.getCause() instanceof ConnectIpRefusedException r ? r.status() : -1);
                }
            }
            assertThat(statuses).containsExactly(200, 200, 503);
        }
    }
}
