package io.quicroam.cli.kernel;

import static io.quicroam.cli.kernel.KernelLab.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quicroam.interop.kwik.KwikConnectIpClient;
import io.quicroam.interop.kwik.KwikProxy;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IpAddresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20's lab against an independent proxy: the laptop namespace with Wi-Fi and LTE veths into the gateway
 * namespace, where interop's Kwik CONNECT-IP proxy (Kwik + Flupke, another QUIC stack) listens on the gateway's outer
 * address, in this JVM (its socket opened inside the namespace). The agent runs as a user runs it ({@code quicroam
 * agent}, {@code mode: migrate}); the kernel's ping crosses its TUN every 20 ms while Wi-Fi loses its carrier (4 s),
 * comes back (9 s) and is blackholed (14 s), to 20 s. Kwik forbids migration ({@code disable_active_migration}), so
 * each handover must be a reconnect with a new session, not a move Kwik drops. Root only; under CI=true a skip fails.
 */
class KwikProxyKernelTest {
    private static final String LAB = "qrkw";
    private static final String FAR = "198.51.100.7";
    private static final AddressAssign ADDRESSES =
            new AddressAssign(List.of(new AssignedAddress(0, IpPrefix.host(IpAddresses.parse("100.65.0.2")))));
    private static final RouteAdvertisement ROUTES = new RouteAdvertisement(
            List.of(new IpAddressRange(IpAddresses.parse("198.51.100.0"), IpAddresses.parse("198.51.100.255"), 0)));
    private static final int INTERVAL_MS = 20;
    private static final int PINGS = 1000;
    /** The events, in seconds after the first ping: carrier lost, carrier back, blackhole. */
    private static final int[] EVENTS = {4, 9, 14};
    /**
     * Issue #20's target, and the bound: measured 0.3 % (one reconnect of 64 ms, load average ~30 on 2 cores) and 7.0 %
     * (the same reconnect took Kwik 2.6 s at load average 37: as long as its first open took), docs/interop.md. With
     * the fallback broken (the agent migrating although Kwik forbids it) a run lost 4.2 %, besides failing below.
     */
    private static final double MAX_LOSS_PERCENT = 3.0;
    /** Kwik's idle timeout (KwikProxy: 30 s) and some, after the carrier loss: the orphaned session's end. */
    private static final int ORPHAN_GONE_SECONDS = 40;

    @TempDir
    Path dir;

    @Test
    void migrateModeAgainstKwikReconnectsOnceAndLosesFewPings() throws Exception {
        RootOnly.requireTun();
        KwikProxy proxy = null;
        try (KernelLab lab = new KernelLab(LAB, Map.of(), dir)) {
            try (NetworkNamespace gateway = NetworkNamespace.attach(lab.gateway())) {
                proxy = gateway.call(() -> KwikProxy.start(IpAddresses.parse("198.18.0.1"), ADDRESSES, ROUTES));
                warmUp(gateway, proxy);
            }
            writeConfig(lab, proxy);
            // LTE joins once the session is up on Wi-Fi, so the sequence starts there: against a proxy that forbids
            // migration the agent never moves back (a handover is a reconnect), and a first attempt that failed on
            // Wi-Fi would leave it on LTE, where no Wi-Fi event matters.
            ns(lab.laptop(), "ip", "link", "set", "wwan0", "down");
            Path socket = dir.resolve("run").resolve("agent.sock");
            lab.quicroam(
                    lab.laptop(),
                    "agent.log",
                    "agent",
                    "-c",
                    dir.resolve("agent.yaml").toString(),
                    "--control-socket",
                    socket.toString());
            KernelLab.awaitStatus(socket, s -> s.path("session").path("routes").size() > 0, 40);
            ns(lab.laptop(), "ip", "link", "set", "wwan0", "up");
            lab.script("routes");
            lab.awaitLog("agent.log", "Interface wwan0 is usable", 20);
            // Both networks up and judged before the flow starts: a settled agent.
            Thread.sleep(2000);
            int handoversBefore = handovers(socket).size();
            // Sessions before the sequence (the warm-up's, any the agent opened and closed while starting) are not its.
            int sessionsBefore = proxy.counters().sessions.get();
            assertThat(proxy.openSessions())
                    .as("sessions open at the proxy before the sequence")
                    .isEqualTo(1);

            Process ping = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            lab.laptop(),
                            "ping",
                            "-n",
                            "-D",
                            "-i",
                            "0.02",
                            "-c",
                            String.valueOf(PINGS),
                            "-W",
                            "1",
                            FAR)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ping.log").toFile())
                    .start();
            long start = System.nanoTime();
            try {
                sleepUntil(start, EVENTS[0]);
                int handoversBeforeAnyEvent = handovers(socket).size();
                assertThat(handoversBeforeAnyEvent)
                        .as("handovers before any link event: %s", handovers(socket))
                        .isEqualTo(handoversBefore);
                ns(lab.laptop(), "ip", "link", "set", "wlan0", "down");
                sleepUntil(start, EVENTS[1]);
                ns(lab.laptop(), "ip", "link", "set", "wlan0", "up");
                lab.script("routes"); // as a DHCP client would: Linux dropped the routes with the link
                sleepUntil(start, EVENTS[2]);
                ns(lab.gateway(), "ip", "route", "add", "blackhole", "198.18.1.2/32");
                assertThat(ping.waitFor(PINGS * INTERVAL_MS / 1000 + 15, TimeUnit.SECONDS))
                        .as("ping ended")
                        .isTrue();
            } finally {
                ping.destroy();
            }
            // The session left on the Wi-Fi that lost its carrier cannot be closed by the agent (no network left
            // to send CONNECTION_CLOSE from its address, RFC 9000 §10.2); Kwik ends it at its idle timeout (§10.1).
            long orphanDeadline = start + TimeUnit.SECONDS.toNanos(EVENTS[0] + ORPHAN_GONE_SECONDS);
            while (proxy.openSessions() > 1 && System.nanoTime() < orphanDeadline) {
                Thread.sleep(200);
            }
            double orphanGoneSeconds = (System.nanoTime() - start) / 1e9 - EVENTS[0];
            Pings pings = Pings.parse(Files.readString(dir.resolve("ping.log"), StandardCharsets.UTF_8));
            List<String> all = handovers(socket);
            List<String> handovers = all.subList(handoversBefore, all.size());
            System.out.printf(
                    "kernel lab, migrate mode against Kwik: %d of %d pings lost (%.1f %%), lost around %s s, "
                            + "%d new proxy sessions (%d open %.1f s after the carrier loss; in all %d closed by a "
                            + "client, %d ended otherwise), %d packets Kwik dropped from a moved address; "
                            + "handovers %s%n",
                    pings.lost(),
                    pings.sent,
                    pings.lossPercent(),
                    pings.lostSecondsAfterStart(),
                    proxy.counters().sessions.get() - sessionsBefore,
                    proxy.openSessions(),
                    orphanGoneSeconds,
                    proxy.counters().closedByClient.get(),
                    proxy.counters().endedOtherwise.get(),
                    proxy.counters().fromUnknownAddress.get(),
                    handovers);

            assertThat(lab.log("agent.log"))
                    .as("the agent says why it will reconnect rather than migrate")
                    .contains("the proxy forbids connection migration (disable_active_migration, RFC 9000 §18.2)");
            assertThat(pings.sent).as("pings sent").isEqualTo(PINGS);
            assertThat(pings.lossPercent())
                    .as("percent of pings lost across the three events")
                    .isLessThanOrEqualTo(MAX_LOSS_PERCENT);
            assertThat(proxy.counters().fromUnknownAddress.get())
                    .as("packets sent to Kwik from an address it does not accept (a migration it forbade)")
                    .isZero();
            // At most one handover per event (the links caused them), at least the carrier loss's.
            assertThat(handovers).as("handovers").hasSizeBetween(1, EVENTS.length);
            // Each handover is a reconnect: one new session each, and nothing else churned.
            assertThat(proxy.counters().sessions.get() - sessionsBefore)
                    .as("sessions opened during the sequence")
                    .isEqualTo(handovers.size());
            assertThat(proxy.openSessions())
                    .as("sessions open at the proxy %d s after the carrier loss", ORPHAN_GONE_SECONDS)
                    .isEqualTo(1);
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    private void writeConfig(KernelLab lab, KwikProxy proxy) throws IOException {
        lab.writeTokens();
        Files.writeString(dir.resolve("agent.yaml"), """
                server:
                  url: "%s"
                  ca-file: "%s"
                  token-file: token.txt
                mode: migrate
                tunnel: {device: qr0, mtu: 1280}
                interfaces:
                  wlan0: {class: wifi}
                  wwan0: {class: cellular, metered: false}
                """.formatted(proxy.template(), proxy.caFile()));
    }

    /**
     * One CONNECT-IP session from Kwik's own client, closed at once, so the agent meets a warm proxy. Against a cold
     * one (the JVM's first Kwik handshake, class loading; load average ~30) the agent's first Wi-Fi attempt failed and
     * its path opened on LTE 9 s later, where a proxy that forbids migration keeps it: no event would then matter.
     */
    private static void warmUp(NetworkNamespace gateway, KwikProxy proxy) throws Exception {
        UriTemplate template = UriTemplate.parse(proxy.template());
        gateway.call(() -> {
            try (KwikConnectIpClient client = KwikConnectIpClient.connect(template, proxy.caFile())) {
                client.open(template, null);
                client.assignment();
            }
            return null;
        });
    }

    /** The agent's handovers so far, oldest first, as "from->to (reason)". */
    private static List<String> handovers(Path socket) throws Exception {
        JsonNode status = KernelLab.awaitStatus(socket, s -> true, 10);
        List<String> all = new ArrayList<>();
        status.path("handovers")
                .forEach(h -> all.add(h.path("from").asText() + "->"
                        + h.path("to").asText() + " (" + h.path("reason").asText() + ")"));
        return all;
    }

    private static void sleepUntil(long startNanos, int seconds) throws InterruptedException {
        long left = startNanos + TimeUnit.SECONDS.toNanos(seconds) - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** What ping(8) printed: how many it sent, and which sequence numbers were answered. */
    private record Pings(int sent, TreeSet<Integer> answered) {
        private static final Pattern REPLY = Pattern.compile("icmp_seq=(\\d+) ");
        private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted");

        static Pings parse(String output) {
            Matcher summary = SUMMARY.matcher(output);
            assertThat(summary.find()).as("ping's summary in: %s", output).isTrue();
            TreeSet<Integer> answered = new TreeSet<>();
            Matcher reply = REPLY.matcher(output);
            while (reply.find()) {
                answered.add(Integer.parseInt(reply.group(1)));
            }
            return new Pings(Integer.parseInt(summary.group(1)), answered);
        }

        int lost() {
            return sent - answered.size();
        }

        double lossPercent() {
            return 100.0 * lost() / sent;
        }

        /** When the unanswered pings left, in seconds after the first (one every 20 ms), as ranges. */
        String lostSecondsAfterStart() {
            List<String> ranges = new ArrayList<>();
            int first = -1;
            for (int seq = 1; seq <= sent + 1; seq++) {
                boolean lost = seq <= sent && !answered.contains(seq);
                if (lost && first < 0) {
                    first = seq;
                } else if (!lost && first >= 0) {
                    ranges.add(String.format(
                            "%.2f-%.2f", (first - 1) * INTERVAL_MS / 1000.0, (seq - 2) * INTERVAL_MS / 1000.0));
                    first = -1;
                }
            }
            return ranges.toString();
        }
    }
}
