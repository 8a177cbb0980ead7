package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRelay;
import io.quicroam.testkit.LoopbackRelay.Direction;
import io.quicroam.testkit.LoopbackRelay.Verdict;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, "recovery is immediate": both networks fall silent (no carrier event), their paths fail and are being
 * opened again; the Wi-Fi returns. A single handshake sends its Initial again only after its first PTO, about a
 * second (RFC 9002 §6.2.2 at quiche's 333 ms initial RTT), so a network that returns just after an Initial went out
 * used to be heard only then; in an outage an attempt now starts a fresh handshake every 100 ms
 * ({@link StaggeredHandshakes#STAGGER}). The Wi-Fi here returns 300 ms after an Initial went out, the worst phase for
 * one handshake (its next Initial 700 ms away) and an ordinary one for the staggered legs.
 */
class OutageRecoveryTest {
    /** How long after an Initial was seen the Wi-Fi returns. */
    private static final long RETURN_AFTER_INITIAL_MS = 300;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void trafficFlowsAgainSoonAfterASilentNetworkReturns() throws Exception {
        AtomicBoolean wifiSilent = new AtomicBoolean();
        AtomicBoolean lteSilent = new AtomicBoolean();
        AtomicBoolean armed = new AtomicBoolean();
        AtomicLong returnedAt = new AtomicLong();
        CountDownLatch returned = new CountDownLatch(1);
        LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .mode(Agent.Mode.BONDED)
                .iface("wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.2"), gateway -> {
                    LoopbackRelay wifi = LoopbackRelay.start(gateway, (direction, client, datagram) -> {
                        if (direction == Direction.UP && isInitial(datagram) && armed.compareAndSet(true, false)) {
                            Thread back = new Thread(() -> {
                                sleep(RETURN_AFTER_INITIAL_MS);
                                wifiSilent.set(false);
                                returnedAt.set(System.nanoTime());
                                returned.countDown();
                            });
                            back.setDaemon(true);
                            back.start();
                        }
                        return wifiSilent.get() ? Verdict.DROP : Verdict.PASS;
                    });
                    closeables.add(wifi);
                    return wifi.address();
                })
                .iface("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("127.0.0.3"), gateway -> {
                    LoopbackRelay lte = LoopbackRelay.start(
                            gateway, (direction, client, datagram) -> lteSilent.get() ? Verdict.DROP : Verdict.PASS);
                    closeables.add(lte);
                    return lte.address();
                })
                .start();
        closeables.add(rig);
        rig.connect();
        Agent agent = rig.agent();
        Await.until(
                "both paths capable",
                Duration.ofSeconds(15),
                () -> agent.status().join().paths().stream()
                                .filter(p -> p.state().equals("active-capable"))
                                .count()
                        == 2);
        InnerFlow flow = new InnerFlow(rig.io(), rig.innerV4(), InetAddress.getByName("198.51.100.7"), 100);
        closeables.add(flow);

        wifiSilent.set(true);
        lteSilent.set(true);
        // Both paths fail (well within a second under traffic) and their replacements' handshakes go unanswered.
        Await.until(
                "no open path left",
                Duration.ofSeconds(10),
                () -> agent.status().join().paths().stream()
                        .noneMatch(p ->
                                p.state().equals("active-capable") || p.state().equals("suspect")));
        Thread.sleep(1500);
        armed.set(true);
        assertThat(returned.await(5, TimeUnit.SECONDS))
                .as("an Initial went out while silent")
                .isTrue();
        int before = flow.received();
        Await.until("an echo after the Wi-Fi's return", Duration.ofSeconds(5), () -> flow.received() > before);
        double recoveryMs = (System.nanoTime() - returnedAt.get()) / 1e6;
        System.out.printf("outage: traffic flows again %.0f ms after the Wi-Fi returned%n", recoveryMs);
        // Measured 60-130 ms (the next leg's Initial, the handshake, the request, the first echo); one handshake
        // waited ≥ 700 ms for its Initial to be resent here (silent-both: 440-600 ms on average).
        assertThat(recoveryMs)
                .as("ms from the Wi-Fi's return to the first echo")
                .isLessThan(400);
    }

    /** A QUIC v1 long-header Initial (RFC 9000 §17.2: header form 1, §17.2.2: type 0). */
    private static boolean isInitial(byte[] datagram) {
        return datagram.length > 0 && (datagram[0] & 0x80) != 0 && ((datagram[0] & 0x30) >> 4) == 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
