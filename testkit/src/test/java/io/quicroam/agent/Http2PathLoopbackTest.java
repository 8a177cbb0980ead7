package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An agent and a gateway on loopback with paths over HTTP/2: {@code transport: http2} carries pings both families;
 * {@code auto} on a network that drops UDP comes up over HTTP/2, then moves to QUIC, in the same session, once UDP
 * passes again.
 */
class Http2PathLoopbackTest {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HTTP2_AFTER = Duration.ofSeconds(1);
    private static final int PINGS = 50;
    private static final InetAddress FAR = IpAddresses.parse("198.51.100.7");
    private static final int CALL_PPS = 50;
    private static final double GAP_BOUND_MILLIS = 200;

    @Test
    void pingsCrossAnHttp2PathOverIpv4AndIpv6() throws Exception {
        double[] medianMillis = new double[2];
        for (TransportConfig.Transport transport :
                new TransportConfig.Transport[] {TransportConfig.Transport.QUIC, TransportConfig.Transport.HTTP2}) {
            TransportConfig config = new TransportConfig(transport, HTTP2_AFTER, Map.of());
            try (LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                    .transports(config)
                    .start()) {
                rig.connect();
                assertThat(transportOf(rig.agent())).isEqualTo(transport.name().toLowerCase(Locale.ROOT));
                for (InetAddress[] pair : new InetAddress[][] {
                    {rig.innerV4(), InetAddress.getByName("198.51.100.7")},
                    {rig.innerV6(), InetAddress.getByName("2001:db8::7")}
                }) {
                    assertThat(ping(rig.io(), pair[0], pair[1], 1))
                            .as("echo reply from %s", pair[1])
                            .isTrue();
                }
                if (transport == TransportConfig.Transport.HTTP2) {
                    assertThat(rig.gateway().server().wire().packets())
                            .as("no QUIC at all")
                            .isZero();
                }
                long[] rtts = new long[PINGS];
                for (int seq = 0; seq < PINGS; seq++) {
                    long sent = System.nanoTime();
                    assertThat(ping(rig.io(), rig.innerV4(), FAR, 100 + seq)).isTrue();
                    rtts[seq] = System.nanoTime() - sent;
                }
                Arrays.sort(rtts);
                medianMillis[transport.ordinal()] = rtts[PINGS / 2] / 1e6;
            }
        }
        System.out.printf(
                "ping round trip through the tunnel on loopback, median of %d: QUIC %.2f ms, HTTP/2 %.2f ms%n",
                PINGS, medianMillis[0], medianMillis[1]);
    }

    @Test
    void autoComesUpOverHttp2WhereUdpIsDroppedAndMovesToQuicInTheSameSessionWhenItPasses() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), new SimpleMeterRegistry());
                UdpBlockingLink link = new UdpBlockingLink(
                        InetAddress.getByName("127.0.0.2"), gateway.server().localAddress())) {
            link.blockUdp(false);
            long quicMillis;
            try (LoopbackRig baseline = autoRig(gateway, link)) {
                quicMillis = timeToWorkingTunnel(baseline);
                assertThat(transportOf(baseline.agent()))
                        .as("QUIC when UDP passes")
                        .isEqualTo("quic");
            }
            link.blockUdp(true);
            try (LoopbackRig rig = autoRig(gateway, link)) {
                long http2Millis = timeToWorkingTunnel(rig);
                System.out.printf(
                        "time to a working tunnel: %d ms over QUIC, %d ms over HTTP/2 with UDP dropped "
                                + "(http2-after %d ms)%n",
                        quicMillis, http2Millis, HTTP2_AFTER.toMillis());
                assertThat(transportOf(rig.agent())).isEqualTo("http2");
                // QUIC's head start, then TCP, TLS (its first use in this JVM) and the request on loopback: measured
                // 600-900 ms beyond the head start at load average 17-24 on 2 cores.
                assertThat(http2Millis - quicMillis).isLessThan(HTTP2_AFTER.toMillis() + 2_000);

                InetAddress v4 = rig.innerV4();
                int sessionsBefore = gateway.sessions();
                InnerFlow call = new InnerFlow(rig.io(), v4, FAR, CALL_PPS);
                double gapMillis;
                try {
                    Thread.sleep(500);
                    link.blockUdp(false);
                    long unblocked = System.nanoTime();
                    Await.until(
                            "the path moves to QUIC",
                            Duration.ofSeconds(10),
                            () -> "quic".equals(transportOf(rig.agent())));
                    System.out.printf(
                            "UDP passes again: path on QUIC after %d ms%n",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unblocked));
                    Thread.sleep(4_000); // the call on QUIC a while: a path that stopped carrying would show it
                    call.stop();
                    gapMillis = call.longestGapMillis(unblocked);
                    System.out.printf(
                            "HTTP/2 -> QUIC on one interface: longest gap in the %d pkt/s call %.0f ms, "
                                    + "%d of %d lost%n",
                            CALL_PPS, gapMillis, call.sent() - call.received(), call.sent());
                } finally {
                    call.close();
                }
                // Make before break: the HTTP/2 tunnel carries until the QUIC one joined and took the downlink.
                // Measured: longest gap 27-49 ms, nothing lost, at load 2-4 on 2 cores; closing first (one interface,
                // loopback): 77-92 ms and 3-4 packets lost. The gap is mostly the call's 20 ms spacing and the
                // scheduler, so the losses are what tell the two apart.
                assertThat(gapMillis)
                        .as("longest gap in the call across the move")
                        .isLessThan(GAP_BOUND_MILLIS);
                assertThat(call.sent() - call.received())
                        .as("call packets lost across the move")
                        .isLessThanOrEqualTo(1);
                int seq = 2;
                while (!ping(rig.io(), v4, FAR, seq) && seq < 10) {
                    seq++; // the reopened path may take a moment to carry
                }
                assertThat(seq).as("pings answered over QUIC").isLessThan(10);
                assertThat(rig.innerV4()).as("the same inner address").isEqualTo(v4);
                assertThat(rig.agent().status().get(5, TimeUnit.SECONDS).sessionResets())
                        .as("no session reset")
                        .isZero();
                assertThat(gateway.sessions()).as("no second session").isLessThanOrEqualTo(sessionsBefore);
            }
        }
    }

    /**
     * A Wi-Fi that answers nothing, neither UDP nor TCP (a captive network), tried first: {@code auto} gives it up
     * after the open timeout, as {@code quic} does (measured beside it as the baseline), and the session opens on LTE.
     */
    @Test
    void autoLeavesAWifiThatPassesNeitherUdpNorTcpForLte() throws Exception {
        long[] millis = new long[TransportConfig.Transport.values().length];
        for (TransportConfig.Transport transport :
                new TransportConfig.Transport[] {TransportConfig.Transport.QUIC, TransportConfig.Transport.AUTO}) {
            try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), new SimpleMeterRegistry());
                    UdpBlockingLink wifi = new UdpBlockingLink(
                            InetAddress.getByName("127.0.0.2"), gateway.server().localAddress());
                    LoopbackRig rig = LoopbackRig.on(gateway)
                            .iface("wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.3"), g -> wifi.address())
                            .iface("wwan0", InterfaceClass.CELLULAR, InetAddress.getByName("127.0.0.4"))
                            .transports(new TransportConfig(transport, HTTP2_AFTER, Map.of()))
                            .start()) {
                wifi.blockUdp(true);
                wifi.blockTcp(true);
                long start = System.nanoTime();
                rig.agent().start().get(20, TimeUnit.SECONDS);
                assertThat(answersAPing(rig)).as("pings answered").isTrue();
                millis[transport.ordinal()] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(openOn(rig.agent())).as("the session opened on LTE").contains("wwan0");
            }
        }
        long quic = millis[TransportConfig.Transport.QUIC.ordinal()];
        long auto = millis[TransportConfig.Transport.AUTO.ordinal()];
        System.out.printf(
                "captive Wi-Fi tried first: working tunnel on LTE after %d ms (quic), %d ms (auto)%n", quic, auto);
        // The Wi-Fi's open timeout (2 s; auto: + http2-after 1 s), then LTE's QUIC path: measured 2.05-2.08 s (quic)
        // and 3.05-3.08 s (auto) at load 1-5 on 2 cores; before, neither left the Wi-Fi within 20 s.
        assertThat(quic).isLessThan(5_000);
        assertThat(auto).isLessThan(8_000);
    }

    /**
     * QUIC slower than {@code http2-after} but working: both legs of the first open could ask for a session; only one
     * may, or the loser's session holds an address through its grace time.
     */
    @Test
    void aRaceBothLegsCouldWinLeavesOneSession() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), new SimpleMeterRegistry());
                UdpBlockingLink link = new UdpBlockingLink(
                        InetAddress.getByName("127.0.0.2"), gateway.server().localAddress())) {
            link.blockUdp(false);
            link.delayUdp(Duration.ofMillis(1_200)); // QUIC's request goes after http2-after, and is answered
            try (LoopbackRig rig = autoRig(gateway, link)) {
                rig.connect();
                assertThat(answersAPing(rig)).as("pings answered").isTrue();
                Thread.sleep(4_000); // the slow leg's request would have been answered by now
                System.out.printf(
                        "race with QUIC slower than http2-after: %s carries, %d session(s) at the gateway%n",
                        transportOf(rig.agent()), gateway.sessions());
                // Before: 2 (the loser's session in its 10 s grace time, holding an address).
                assertThat(gateway.sessions()).as("sessions at the gateway").isEqualTo(1);
            }
        }
    }

    private static LoopbackRig autoRig(LocalGateway gateway, UdpBlockingLink link) throws Exception {
        return LoopbackRig.on(gateway)
                .iface("wlan0", InterfaceClass.WIFI, InetAddress.getByName("127.0.0.3"), g -> link.address())
                .transports(new TransportConfig(TransportConfig.Transport.AUTO, HTTP2_AFTER, Map.of()))
                .start();
    }

    /** Whether one of ten pings, 500 ms apart, is answered: one sent before the first path carries is lost. */
    private static boolean answersAPing(LoopbackRig rig) throws Exception {
        for (int seq = 1; seq <= 10; seq++) {
            if (ping(rig.io(), rig.innerV4(), FAR, seq, Duration.ofMillis(500))) {
                return true;
            }
        }
        return false;
    }

    /** From the agent's start to its first ping answered through the tunnel. */
    private static long timeToWorkingTunnel(LoopbackRig rig) throws Exception {
        long start = System.nanoTime();
        rig.connect();
        assertThat(ping(rig.io(), rig.innerV4(), FAR, 1)).isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static List<String> openOn(Agent agent) throws Exception {
        return agent.status().get(5, TimeUnit.SECONDS).paths().stream()
                .filter(p -> p.transport() != null)
                .map(AgentStatus.PathReport::interfaceName)
                .toList();
    }

    private static String transportOf(Agent agent) {
        try {
            return agent.status().get(5, TimeUnit.SECONDS).paths().stream()
                    .map(AgentStatus.PathReport::transport)
                    .filter(t -> t != null)
                    .findFirst()
                    .orElse(null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ping(InMemoryPacketIo io, InetAddress from, InetAddress to, int seq) throws Exception {
        return ping(io, from, to, seq, REPLY_TIMEOUT);
    }

    private static boolean ping(InMemoryPacketIo io, InetAddress from, InetAddress to, int seq, Duration timeout)
            throws Exception {
        io.inject(IpPacketBuilder.icmpEcho(from, to, 0x4242, seq, "ping".getBytes(), false));
        ByteBuf reply = io.poll(timeout);
        if (reply == null) {
            return false;
        }
        try {
            return IcmpView.isEchoReply(reply)
                    && IpPacket.source(reply).equals(to)
                    && IpPacket.destination(reply).equals(from)
                    && IcmpView.sequence(reply) == seq;
        } finally {
            reply.release();
        }
    }
}
