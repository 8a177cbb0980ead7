package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.gateway.GatewayMetrics;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's egress policy on a real tunnel (netty QUIC + HTTP/3 on loopback), two clients on one gateway and an
 * egress the test reads as the Internet would: a ping to the cloud metadata address, to the gateway's loopback, to
 * its IPv6 link-local range or to the other client's address is answered with "administratively prohibited"
 * through the tunnel, counted, and never leaves the gateway; an operator's {@code allow} opens one.
 */
class EgressPolicyLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** The gateway's own address on the tunnel link: the source of its ICMP errors (docs/architecture.md). */
    private static final InetAddress GATEWAY_V4 = IpAddresses.parse("100.64.0.1");

    private static final InetAddress GATEWAY_V6 = IpAddresses.parse("fd7a:5152:4f41::1");

    private final InMemoryPacketIo egress = new InMemoryPacketIo("egress0", 65535, 4096);
    private LocalGateway gateway;
    private LoopbackRig alice;
    private LoopbackRig bob;

    private void start(EgressRules rules) throws Exception {
        gateway = LocalGateway.start(
                LocalGateway.Options.defaults().withEgress(egress).withEgressPolicy(rules), new SimpleMeterRegistry());
        alice = LoopbackRig.on(gateway).start();
        alice.connect();
        bob = LoopbackRig.on(gateway).start();
        bob.connect();
    }

    @AfterEach
    void close() {
        for (AutoCloseable each : new AutoCloseable[] {alice, bob, gateway}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        egress.close();
    }

    @Test
    void metadataLoopbackLinkLocalAndAnotherClientAreProhibitedAndNeverLeaveTheGateway() throws Exception {
        start(EgressRules.defaults());
        GatewayMetrics metrics = gateway.gateway().metrics();
        InetAddress v4 = alice.innerV4();
        InetAddress v6 = alice.innerV6();
        List<InetAddress[]> denied = List.of(
                new InetAddress[] {v4, IpAddresses.parse("169.254.169.254")},
                new InetAddress[] {v4, IpAddresses.parse("127.0.0.1")},
                new InetAddress[] {v4, bob.innerV4()},
                new InetAddress[] {v6, IpAddresses.parse("::1")},
                new InetAddress[] {v6, IpAddresses.parse("fe80::1")},
                new InetAddress[] {v6, bob.innerV6()});
        int seq = 0;
        for (InetAddress[] pair : denied) {
            alice.io().inject(IpPacketBuilder.icmpEcho(pair[0], pair[1], 0x4242, ++seq, new byte[8], false));
            ByteBuf answer = alice.io().poll(WAIT);
            assertThat(answer)
                    .as("an answer to the ping to %s", pair[1].getHostAddress())
                    .isNotNull();
            try {
                boolean ipv4 = IpPacket.version(answer) == 4;
                // RFC 1812 §5.2.7.1: type 3 code 13; RFC 4443 §3.1: type 1 code 1.
                assertThat(IcmpView.type(answer))
                        .as("unreachable, for %s", pair[1])
                        .isEqualTo(ipv4 ? 3 : 1);
                assertThat(IcmpView.code(answer))
                        .as("administratively prohibited, for %s", pair[1])
                        .isEqualTo(ipv4 ? 13 : 1);
                assertThat(IpPacket.source(answer)).isEqualTo(ipv4 ? GATEWAY_V4 : GATEWAY_V6);
                assertThat(IpPacket.destination(answer)).isEqualTo(pair[0]);
            } finally {
                answer.release();
            }
        }
        assertThat(metrics.drops(DropReason.EGRESS_DENIED)).isEqualTo(denied.size());
        assertThat(metrics.icmp().sentCount(IcmpReplies.Kind.PROHIBITED)).isEqualTo(denied.size());
        assertThat(egress.poll(Duration.ofMillis(200)))
                .as("no denied packet left the gateway")
                .isNull();
        assertThat(bob.io().poll(Duration.ofMillis(1)))
                .as("nothing reached the other client")
                .isNull();

        // The same client still reaches the Internet: the policy refuses packets, never the session.
        InetAddress server = IpAddresses.parse("198.51.100.7");
        alice.io().inject(IpPacketBuilder.icmpEcho(v4, server, 0x4242, ++seq, new byte[8], false));
        ByteBuf forwarded = egress.poll(WAIT);
        assertThat(forwarded).as("a ping to the Internet leaves").isNotNull();
        try {
            assertThat(IpPacket.destination(forwarded)).isEqualTo(server);
        } finally {
            forwarded.release();
        }
    }

    @Test
    void anOperatorsAllowOpensABuiltInEntryAndIsolationCanBeTurnedOff() throws Exception {
        start(new EgressRules(List.of(IpPrefix.parse("169.254.169.254/32")), List.of(), false));
        InetAddress v4 = alice.innerV4();
        for (InetAddress target : new InetAddress[] {IpAddresses.parse("169.254.169.254"), bob.innerV4()}) {
            alice.io().inject(IpPacketBuilder.icmpEcho(v4, target, 0x4242, 1, new byte[8], false));
            ByteBuf forwarded = egress.poll(WAIT);
            assertThat(forwarded)
                    .as("the ping to %s leaves", target.getHostAddress())
                    .isNotNull();
            try {
                assertThat(IpPacket.destination(forwarded)).isEqualTo(target);
            } finally {
                forwarded.release();
            }
        }
        InetAddress otherLinkLocal = IpAddresses.parse("169.254.169.253");
        alice.io().inject(IpPacketBuilder.icmpEcho(v4, otherLinkLocal, 0x4242, 2, new byte[8], false));
        ByteBuf answer = alice.io().poll(WAIT);
        assertThat(answer).as("the rest of 169.254.0.0/16 stays denied").isNotNull();
        try {
            assertThat(IcmpView.code(answer)).isEqualTo(13);
        } finally {
            answer.release();
        }
    }
}
