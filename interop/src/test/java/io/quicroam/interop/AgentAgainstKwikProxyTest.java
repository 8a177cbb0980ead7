package io.quicroam.interop;

import static io.quicroam.interop.AgentOnKwikProxy.FAR_V4;
import static io.quicroam.interop.AgentOnKwikProxy.FAR_V6;
import static io.quicroam.interop.AgentOnKwikProxy.INNER_V4;
import static io.quicroam.interop.AgentOnKwikProxy.INNER_V6;
import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.Agent;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.Await;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * quicroam's agent, in each of its three modes, against an RFC 9484 proxy on another QUIC stack (Kwik + Flupke) that
 * knows none of quicroam's extension: the tunnel comes up with the proxy's addresses and routes, pings cross it over
 * IPv4 and IPv6 at the smallest and the largest size the 1280-byte tunnel carries, and it stays one session.
 */
class AgentAgainstKwikProxyTest {
    private static final Duration REPLY = Duration.ofSeconds(3);
    /** The largest echo the Kwik proxy can send down (its DATAGRAM frames fit 1252-byte UDP payloads). */
    private static final int KWIK_LARGEST_ECHO = 1200;

    private AgentOnKwikProxy setup;

    @AfterEach
    void close() {
        if (setup != null) {
            setup.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Agent.Mode.class)
    void theTunnelComesUpWithTheProxysAssignmentAndCarriesPingsOfEverySize(Agent.Mode mode) throws Exception {
        setup = AgentOnKwikProxy.start(
                mode,
                (rig, proxy) -> rig.iface(
                        "eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress(), unused -> proxy.address()));
        TunnelAssignment assignment = setup.rig.connect();

        // RFC 9484 §4.7.1, §4.7.3: the agent took what the proxy's capsules said, nothing of its own.
        assertThat(assignment.addresses())
                .extracting(AssignedAddress::prefix)
                .containsExactlyInAnyOrderElementsOf(AgentOnKwikProxy.ADDRESSES.addresses().stream()
                        .map(AssignedAddress::prefix)
                        .toList());
        Await.until(
                "the proxy's routes applied",
                Duration.ofSeconds(5),
                () -> setup.agent().assignment().routes().equals(AgentOnKwikProxy.ROUTES.ranges()));

        int sequence = 0;
        for (int size : new int[] {84, KWIK_LARGEST_ECHO}) {
            assertThat(setup.ping(INNER_V4, FAR_V4, ++sequence, size, REPLY))
                    .as("%s: IPv4 ping of %d bytes", mode, size)
                    .isTrue();
            assertThat(setup.ping(INNER_V6, FAR_V6, ++sequence, size, REPLY))
                    .as("%s: IPv6 ping of %d bytes", mode, size)
                    .isTrue();
        }
        // 1280 bytes, the tunnel's MTU (RFC 9484 §10.1), go up whole; Kwik cannot send them back down (its UDP payload
        // is at most 1252 bytes, no PMTUD), and its proxy counts each such answer instead of losing it silently.
        for (InetAddress[] pair : new InetAddress[][] {{INNER_V4, FAR_V4}, {INNER_V6, FAR_V6}}) {
            setup.io()
                    .inject(IpPacketBuilder.udp(
                            pair[0], pair[1], 40000, 7, new byte[1280 - (pair[0].getAddress().length == 4 ? 28 : 48)]));
        }
        Await.until(
                "both 1280-byte packets at the proxy, their answers counted as too big",
                Duration.ofSeconds(5),
                () -> setup.proxy.counters().largestPacketIn.get() == 1280
                        && setup.proxy.counters().oversize.get() == 2);

        // Steady state, as a user's ping would run: 2 s at 50 per second; the proxy keeps its one session.
        int lost = 0;
        for (int i = 0; i < 100; i++) {
            lost += setup.ping(INNER_V4, FAR_V4, ++sequence, 84, Duration.ofMillis(500)) ? 0 : 1;
            Thread.sleep(20);
        }
        System.out.printf("%s against Kwik: %d of 100 pings lost, proxy %s%n", mode, lost, setup.proxy.counters());
        assertThat(lost).as("%s: pings lost of 100 in steady state", mode).isLessThanOrEqualTo(2);
        assertThat(setup.proxy.counters().sessions.get())
                .as("%s: CONNECT-IP sessions at the proxy", mode)
                .isEqualTo(1);
        assertThat(setup.agent().sessionResets()).isZero();
    }

    /**
     * A laptop with Wi-Fi and LTE, both fine: the proxy sees one session and keeps it, in every mode. Bonded mode,
     * without the session extension, keeps one path and never replaces it on probe loss; reconnect mode, whose probes
     * nobody echoes here, judges its path by the proxy's authenticated QUIC packets (it used to reconnect every
     * ~1.3 s on links that never failed; docs/interop.md).
     */
    @ParameterizedTest
    @EnumSource(Agent.Mode.class)
    void withTwoNetworksTheProxyStillSeesOneSession(Agent.Mode mode) throws Exception {
        setup = AgentOnKwikProxy.start(
                mode,
                (rig, proxy) -> rig.iface(
                                "wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.2"), unused -> proxy.address())
                        .iface(
                                "wwan0",
                                InterfaceClass.CELLULAR,
                                IpAddresses.parse("127.0.0.3"),
                                unused -> proxy.address()));
        setup.rig.connect();
        Thread.sleep(2000); // time for a second path, or a second session, to open if the agent were to open one
        int lost = 0;
        for (int i = 0; i < 50; i++) {
            lost += setup.ping(INNER_V4, FAR_V4, i, 84, Duration.ofMillis(500)) ? 0 : 1;
            Thread.sleep(20);
        }
        System.out.printf(
                "%s with Wi-Fi and LTE against Kwik: %d of 50 pings lost, paths %s, proxy %s%n",
                mode,
                lost,
                setup.agent().status().join().paths().stream()
                        .map(p -> p.interfaceName() + ":" + p.role())
                        .toList(),
                setup.proxy.counters());
        assertThat(setup.proxy.counters().sessions.get())
                .as("%s: CONNECT-IP sessions at the proxy", mode)
                .isEqualTo(1);
        assertThat(lost).as("%s: pings lost of 50", mode).isLessThanOrEqualTo(1);
        assertThat(setup.agent().sessionResets()).isZero();
        assertThat(setup.agent().addressChanges()).isZero();
    }
}
