package io.quicroam.agent;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.Blackhole;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reconnect mode beside a captive Wi-Fi (issue #13): the Wi-Fi passes nothing, so every open there times out. When the
 * session on LTE fails, the Wi-Fi gets one turn before the LTE is tried again; it used to be retried at once after
 * each timeout, ahead of the LTE whose session had failed, and the tunnel never came back.
 */
class ReconnectRotationTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void aFailedSessionReopensOnItsInterfaceAfterOneTurnOfACaptiveWifi() throws Exception {
        DatagramSocket captive = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closeables.add(captive::close);
        LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .mode(Agent.Mode.RECONNECT)
                .iface("wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.2"), gateway ->
                        (InetSocketAddress) captive.getLocalSocketAddress())
                .iface("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("127.0.0.3"))
                .start();
        closeables.add(rig);
        rig.connect();
        Agent agent = rig.agent();
        Await.until("the session on LTE", Duration.ofSeconds(15), () -> "wwan0".equals(primary(agent)));
        // In use, so its silence is noticed at once (an idle tunnel probes on the standby rhythm).
        closeables.add(new InnerFlow(rig.io(), rig.innerV4(), InetAddress.getByName("198.51.100.7"), 100));

        long failedAt = System.nanoTime();
        Blackhole.install(agent.pathOn("wwan0").connection().parent());
        // Measured 2.1 s (the silence noticed, one 2 s timeout on the Wi-Fi, a session on LTE); never without the
        // rotation (the Wi-Fi retried after each of its timeouts).
        Await.until(
                "a new session on LTE",
                Duration.ofSeconds(6),
                () -> agent.sessionResets() == 1 && "wwan0".equals(primary(agent)));
        System.out.printf(
                "reconnect beside a captive Wi-Fi: new session on LTE %d ms after its old one went silent%n",
                (System.nanoTime() - failedAt) / 1_000_000);
    }

    private static String primary(Agent agent) {
        return agent.status().join().paths().stream()
                .filter(p -> p.role() == PathRole.AVAILABLE)
                .map(AgentStatus.PathReport::interfaceName)
                .findFirst()
                .orElse("-");
    }
}
