package io.quicroam.interop;

import static io.quicroam.interop.AgentOnKwikProxy.FAR_V4;
import static io.quicroam.interop.AgentOnKwikProxy.FAR_V6;
import static io.quicroam.interop.AgentOnKwikProxy.INNER_V4;
import static io.quicroam.interop.AgentOnKwikProxy.INNER_V6;
import static io.quicroam.interop.AgentOnKwikProxy.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.quicroam.agent.AddressRequestConfig;
import io.quicroam.agent.Agent;
import io.quicroam.agent.ProxyNonConformantException;
import io.quicroam.interop.kwik.ProxyOptions;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.Await;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * quicroam's agent (migrate mode: the mode for any RFC 9484 proxy) against the Kwik proxy in its strict peer profile
 * ({@link ProxyOptions}): each option is a behaviour some other implementation has, and each test says what the
 * user sees against it: pings through the tunnel, or the failure and its reason.
 */
class AgentAgainstStrictProxyTest {
    private static final Duration REPLY = Duration.ofSeconds(3);
    /** The agent's wait for an unprompted ADDRESS_ASSIGN, short so the tests are. */
    private static final AddressRequestConfig AUTO =
            new AddressRequestConfig(AddressRequestConfig.Mode.AUTO, Duration.ofMillis(300));

    private AgentOnKwikProxy setup;

    @AfterEach
    void close() {
        if (setup != null) {
            setup.close();
        }
    }

    private void start(ProxyOptions options, RouteAdvertisement routes, AddressRequestConfig asks) throws Exception {
        setup = AgentOnKwikProxy.start(
                Agent.Mode.MIGRATE,
                (rig, proxy) -> rig.iface(
                        "eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress(), unused -> proxy.address()),
                options,
                routes,
                asks);
    }

    private void assertPingsBothFamilies(String what) throws InterruptedException {
        assertThat(setup.ping(INNER_V4, FAR_V4, 1, 84, REPLY))
                .as("%s: IPv4 ping", what)
                .isTrue();
        assertThat(setup.ping(INNER_V6, FAR_V6, 2, 104, REPLY))
                .as("%s: IPv6 ping", what)
                .isTrue();
    }

    @Test
    void aProxyThatAssignsOnlyOnRequestIsAskedOnceTheWaitIsOver() throws Exception {
        start(ProxyOptions.DEFAULT.assigningOnlyOnRequest(), ROUTES, AUTO);

        assertThat(setup.rig.connect().addresses())
                .as("RFC 9484 §4.7.2: the answer's addresses")
                .extracting(AssignedAddress::prefix)
                .containsExactlyInAnyOrderElementsOf(AgentOnKwikProxy.ADDRESSES.addresses().stream()
                        .map(AssignedAddress::prefix)
                        .toList());
        assertThat(setup.proxy.counters().addressRequests.get()).isEqualTo(1);
        assertPingsBothFamilies("assigned on request");
    }

    @Test
    void withAddressRequestNeverAgainstAProxyThatWaitsToBeAskedTheTunnelDoesNotComeUp() throws Exception {
        start(
                ProxyOptions.DEFAULT.assigningOnlyOnRequest(),
                ROUTES,
                new AddressRequestConfig(AddressRequestConfig.Mode.NEVER, Duration.ZERO));

        assertThatThrownBy(() -> setup.agent().start().get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(setup.proxy.counters().sessions.get())
                .as("the request was accepted")
                .isEqualTo(1);
        assertThat(setup.proxy.counters().addressRequests.get()).isZero();
    }

    @Test
    void aProxyThatResetsTheStreamOnAddressRequestIsNotAskedInAutoMode() throws Exception {
        start(ProxyOptions.DEFAULT.closingOnAddressRequest(), ROUTES, AUTO);

        setup.rig.connect();
        Thread.sleep(2 * AUTO.assignWait().toMillis()); // past the wait: a request now would reset the stream

        assertPingsBothFamilies("assigned unasked");
        assertThat(setup.proxy.counters().addressRequests.get()).isZero();
        assertThat(setup.proxy.counters().sessions.get())
                .as("one stream, never reset")
                .isEqualTo(1);
    }

    @Test
    void withAddressRequestAlwaysAProxyThatResetsTheStreamLosesThePath() throws Exception {
        start(
                ProxyOptions.DEFAULT.closingOnAddressRequest(),
                ROUTES,
                new AddressRequestConfig(AddressRequestConfig.Mode.ALWAYS, Duration.ZERO));
        setup.agent().start();

        // Why auto is the default: each path asks at once, the proxy resets its stream, the agent opens another.
        Await.until(
                "a second request after the first stream was reset",
                Duration.ofSeconds(10),
                () -> setup.proxy.counters().sessions.get() >= 2);
        assertThat(setup.proxy.counters().addressRequests.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutQuicDatagramsPacketsTravelBothWaysAsDatagramCapsules() throws Exception {
        start(ProxyOptions.DEFAULT.withoutQuicDatagrams(), ROUTES, AUTO);
        setup.rig.connect();

        assertPingsBothFamilies("DATAGRAM capsules only");
        // A capsule is not bound by a QUIC packet: 1280 bytes come back down, which Kwik's datagrams cannot carry.
        assertThat(setup.ping(INNER_V4, FAR_V4, 3, 1280, REPLY))
                .as("1280-byte IPv4 ping")
                .isTrue();
        assertThat(setup.proxy.counters().capsulePacketsIn.get())
                .isEqualTo(setup.proxy.counters().packetsIn.get());
        assertThat(setup.proxy.counters().capsulePacketsOut.get()).isEqualTo(3);
        // What a user's ping would show on loopback: 50 pings 20 ms apart, their round-trip times.
        long[] rtts = new long[50];
        int lost = 0;
        for (int i = 0; i < rtts.length; i++) {
            long sent = System.nanoTime();
            lost += setup.ping(INNER_V4, FAR_V4, 10 + i, 84, Duration.ofMillis(500)) ? 0 : 1;
            rtts[i] = (System.nanoTime() - sent) / 1000;
            Thread.sleep(20);
        }
        java.util.Arrays.sort(rtts);
        System.out.printf(
                "DATAGRAM capsules only: %d of 50 pings lost, RTT median %d µs, max %d µs%n",
                lost, rtts[rtts.length / 2], rtts[rtts.length - 1]);
        assertThat(lost).as("pings lost of 50").isLessThanOrEqualTo(1);
    }

    @Test
    void aProxyWithoutH3DatagramIsSentDatagramCapsules() throws Exception {
        // RFC 9297 §2.1.1: no HTTP Datagrams in QUIC DATAGRAM frames to a peer without SETTINGS_H3_DATAGRAM = 1
        start(ProxyOptions.DEFAULT.withoutH3Datagram(), ROUTES, AUTO);
        setup.rig.connect();

        assertPingsBothFamilies("H3_DATAGRAM = 0 at the proxy");
        assertThat(setup.proxy.counters().capsulePacketsIn.get())
                .isEqualTo(setup.proxy.counters().packetsIn.get());
        assertThat(setup.proxy.counters().capsulePacketsOut.get())
                .as("the proxy's own go as QUIC datagrams")
                .isZero();
    }

    @Test
    void datagramCapsulesFromAProxyWithQuicDatagramsAreDelivered() throws Exception {
        start(ProxyOptions.DEFAULT.sendingDatagramCapsules(), ROUTES, AUTO);
        setup.rig.connect();

        assertPingsBothFamilies("answers in DATAGRAM capsules");
        assertThat(setup.proxy.counters().capsulePacketsOut.get()).isEqualTo(2);
        assertThat(setup.proxy.counters().capsulePacketsIn.get())
                .as("the agent still sends QUIC datagrams")
                .isZero();
    }

    @Test
    void anInterimResponseBeforeThe2xxIsSkipped() throws Exception {
        start(ProxyOptions.DEFAULT.withInterimResponse(), ROUTES, AUTO);

        setup.rig.connect();

        assertPingsBothFamilies("103 before the 200");
        assertThat(setup.proxy.counters().sessions.get()).isEqualTo(1);
    }

    @Test
    void aProxyWhoseSettingsDoNotEnableExtendedConnectFailsThePathWithTheReason() throws Exception {
        start(ProxyOptions.DEFAULT.withoutExtendedConnect(), ROUTES, AUTO);

        assertThatThrownBy(() -> setup.rig.connect())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ProxyNonConformantException.class)
                .hasMessageContaining("SETTINGS_ENABLE_CONNECT_PROTOCOL");
        assertThat(setup.proxy.counters().sessions.get()
                        + setup.proxy.counters().refused.get())
                .as("RFC 9220 §3: no extended CONNECT was sent")
                .isZero();
    }

    @Test
    void a2xxWithContentHeadersFailsThePathWithTheReason() throws Exception {
        start(ProxyOptions.DEFAULT.withContentTypeOn2xx(), ROUTES, AUTO);

        // RFC 9297 §3.2, RFC 9484 §4.5: such a response cannot start the Capsule Protocol
        assertThatThrownBy(() -> setup.rig.connect())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ProxyNonConformantException.class)
                .hasMessageContaining("content-type");
    }

    @Test
    void aProtocolLimitedRangeCarriesOnlyItsProtocolAndTheRestIsAnsweredWithIcmp() throws Exception {
        // RFC 9484 §4.7.3: the IPv4 range is for TCP (6) only; ICMP is always allowed.
        RouteAdvertisement tcpOnly = new RouteAdvertisement(List.of(
                new IpAddressRange(IpAddresses.parse("198.51.100.0"), IpAddresses.parse("198.51.100.255"), 6),
                ROUTES.ranges().get(1)));
        start(ProxyOptions.DEFAULT, tcpOnly, AUTO);
        setup.rig.connect();
        Await.until(
                "the routes applied",
                Duration.ofSeconds(5),
                () -> setup.agent().assignment().routes().equals(tcpOnly.ranges()));
        assertPingsBothFamilies("ICMP into a TCP-only range");
        long before = setup.proxy.counters().packetsIn.get();

        setup.io().inject(IpPacketBuilder.udp(INNER_V4, FAR_V4, 40000, 7, new byte[32]));

        ByteBuf error = setup.io().poll(REPLY);
        assertThat(error).as("an answer into the device").isNotNull();
        try {
            assertThat(IcmpView.isIcmp(error)).isTrue();
            assertThat((int) error.getUnsignedByte(error.readerIndex() + 20))
                    .as("destination unreachable")
                    .isEqualTo(3);
            assertThat((int) error.getUnsignedByte(error.readerIndex() + 21))
                    .as("communication administratively prohibited")
                    .isEqualTo(13);
        } finally {
            error.release();
        }
        assertThat(setup.proxy.counters().packetsIn.get())
                .as("nothing reached the proxy")
                .isEqualTo(before);
    }

    @Test
    void anEmptyAddressAssignWithdrawsTheAddressesAndTheAgentStopsSendingFromThem() throws Exception {
        start(ProxyOptions.DEFAULT, ROUTES, AUTO);
        setup.rig.connect();
        assertPingsBothFamilies("before the withdrawal");

        setup.proxy.withdrawAddresses();
        Await.until(
                "the addresses withdrawn",
                Duration.ofSeconds(5),
                () -> setup.agent().assignment().addresses().isEmpty());
        long before = setup.proxy.counters().packetsIn.get();

        assertThat(setup.ping(INNER_V4, FAR_V4, 3, 84, Duration.ofSeconds(1))).isFalse();
        assertThat(setup.proxy.counters().packetsIn.get())
                .as("nothing from a withdrawn address")
                .isEqualTo(before);
    }

    @Test
    void theProxysAddressRequestIsAnsweredNotAssignedWithItsRequestIds() throws Exception {
        start(ProxyOptions.DEFAULT, ROUTES, AUTO);
        setup.rig.connect();

        setup.proxy.requestAddresses();

        Await.until(
                "the agent's answer",
                Duration.ofSeconds(5),
                () -> setup.proxy.counters().clientAssign.get() != null);
        // RFC 9484 §4.7.2: every Requested Address answered with its Request ID; not assigned: 0.0.0.0/32, ::/128.
        assertThat(setup.proxy.counters().clientAssign.get().addresses())
                .containsExactly(AssignedAddress.rejection(1, 4), AssignedAddress.rejection(2, 6));
        assertPingsBothFamilies("after answering");
    }
}
