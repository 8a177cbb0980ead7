package io.quicroam.pathmanager.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.CommandResult;
import io.quicroam.linux.Ip;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.NetworkChange.Kind;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real rtnetlink inside a network namespace this test creates and deletes: every link and address change made
 * with {@code ip} must arrive as an event within one second. Root only; under CI=true a skip fails.
 */
class LinuxNetlinkMonitorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    @Test
    void everyChangeInANamespaceArrivesWithinOneSecond() throws Exception {
        RootOnly.require();
        Path namespacePath;
        try (NetworkNamespace ns = TestNamespace.create()) {
            namespacePath = ns.path();
            Ip ip = ns.ip();
            BlockingQueue<NetworkChange> events = new LinkedBlockingQueue<>();
            try (LinuxNetlinkMonitor monitor = LinuxNetlinkMonitor.in(ns, Clock.systemUTC())) {
                monitor.start(events::add);
                // The initial dump: a fresh namespace has lo.
                assertThat(new ArrayList<>(events))
                        .anyMatch(e -> e.kind() == Kind.ADDED && e.name().equals("lo"));
                events.clear();

                String dev = addTestLink(ip);
                expect(events, Kind.ADDED, dev, e -> true);

                if (dev.equals(VETH)) {
                    ip.run("link", "set", VETH_PEER, "up"); // a veth has carrier only when its peer is up
                }
                ip.run("link", "set", dev, "up");
                expect(events, Kind.UP, dev, e -> true);

                InetAddress v4 = InetAddress.getByName("198.18.7.1");
                ip.run("address", "add", "198.18.7.1/24", "dev", dev);
                expect(events, Kind.ADDRESS_ADDED, dev, e -> e.addresses().contains(v4));

                InetAddress v6 = InetAddress.getByName("2001:db8:7::1");
                ip.run("address", "add", "2001:db8:7::1/64", "dev", dev, "nodad");
                expect(events, Kind.ADDRESS_ADDED, dev, e -> e.addresses().contains(v6));

                ip.run("route", "add", "default", "via", "198.18.7.254", "dev", dev);
                expect(
                        events,
                        Kind.ROUTE_CHANGED,
                        dev,
                        e -> e.addresses().contains(InetAddress.getByName("198.18.7.254")));

                ip.run("address", "del", "2001:db8:7::1/64", "dev", dev);
                expect(events, Kind.ADDRESS_REMOVED, dev, e -> e.addresses().contains(v6));

                ip.run("address", "del", "198.18.7.1/24", "dev", dev);
                expect(events, Kind.ADDRESS_REMOVED, dev, e -> e.addresses().contains(v4));

                ip.run("link", "set", dev, "down");
                expect(events, Kind.DOWN, dev, e -> true);

                ip.run("link", "del", dev);
                expect(events, Kind.REMOVED, dev, e -> true);
            }
        }
        assertThat(Files.exists(namespacePath)).as("namespace deleted").isFalse();
    }

    private static final String VETH = "qr-v0";
    private static final String VETH_PEER = "qr-v1";

    /** A dummy link if the kernel has the driver, else a veth pair. */
    private static String addTestLink(Ip ip) throws Exception {
        CommandResult dummy = ip.tryRun("link", "add", "qr-d0", "type", "dummy");
        if (dummy.succeeded()) {
            return "qr-d0";
        }
        System.err.println("dummy links unavailable (" + dummy.stderr().strip() + "): using veth");
        ip.run("link", "add", VETH, "type", "veth", "peer", "name", VETH_PEER);
        return VETH;
    }

    private interface Check {
        boolean test(NetworkChange e) throws Exception;
    }

    private static void expect(BlockingQueue<NetworkChange> events, Kind kind, String dev, Check check)
            throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<NetworkChange> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            NetworkChange e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + kind + " event for " + dev + " within " + DEADLINE + "; saw " + seen);
            }
            seen.add(e);
            if (e.kind() == kind && e.name().equals(dev) && check.test(e)) {
                return;
            }
        }
    }
}
