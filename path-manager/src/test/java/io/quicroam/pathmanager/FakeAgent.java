package io.quicroam.pathmanager;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.SimulatedMonitor;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays the agent on virtual time: opens a path on every usable interface, answers probes after the link's RTT
 * while the link delivers, and (optionally) sends user traffic on the AVAILABLE paths every 10 ms, and receives it
 * where the link delivers.
 */
final class FakeAgent implements PathManagerListener {
    static final InetSocketAddress GATEWAY = new InetSocketAddress(ip("198.19.0.1"), 443);

    record Probe(long timeNanos, PathId path, long sequence) {}

    record StateReport(long timeNanos, PathId path, PathState state) {}

    final VirtualTime time = new VirtualTime();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SimulatedMonitor monitor = new SimulatedMonitor(time.clock());
    final PathManager pm;
    final List<PathDecision> decisions = new ArrayList<>();
    final List<Long> decisionTimes = new ArrayList<>();
    final List<Probe> probes = new ArrayList<>();
    final List<StateReport> states = new ArrayList<>();
    final Set<PathId> open = new HashSet<>();
    final Set<String> blackholed = new HashSet<>();
    final Map<String, Duration> rtt = new HashMap<>();
    /** Interfaces that lose one probe in every so many (a lossy uplink: user traffic still arrives). */
    final Map<String, Integer> dropOneIn = new HashMap<>();
    /** Interfaces the agent opens no path on (as reconnect mode, one path at a time). */
    final Set<String> noPathOn = new HashSet<>();

    boolean userTraffic;
    /** Whether the session carries copies (bonded with quicroam's gateway): what lets a standby cover the carrier. */
    boolean copiesCarried;

    FakeAgent(PathManagerConfig config) {
        pm = new PathManager(config, time, registry, this);
        try {
            pm.start(monitor);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        scheduleTraffic();
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An interface with carrier and one address, answering probes after {@code linkRtt}. */
    void network(String name, InterfaceClass type, String address, Duration linkRtt) {
        rtt.put(name, linkRtt);
        monitor.addUp(name, type, ip(address));
    }

    /** A Wi-Fi (20 ms) and an LTE (50 ms) with user traffic, run for 11 s: the Wi-Fi carries, stable. */
    void wifiCarryingWithLteStandby() {
        network("wlan0", InterfaceClass.WIFI, "198.18.0.2", Duration.ofMillis(20));
        network("wwan0", InterfaceClass.CELLULAR, "198.18.1.2", Duration.ofMillis(50));
        userTraffic = true;
        advance(Duration.ofSeconds(11));
    }

    void advance(Duration d) {
        time.advance(d);
    }

    void advanceMillis(long ms) {
        time.advance(Duration.ofMillis(ms));
    }

    PathDecision lastDecision() {
        return decisions.get(decisions.size() - 1);
    }

    /** Interface names of the AVAILABLE paths in the last decision. */
    List<String> availableInterfaces() {
        return decisions.isEmpty()
                ? List.of()
                : lastDecision().available().stream()
                        .map(PathId::interfaceName)
                        .sorted()
                        .toList();
    }

    PathId path(String interfaceName) {
        return open.stream()
                .filter(p -> p.interfaceName().equals(interfaceName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open path on " + interfaceName));
    }

    double switches() {
        return registry.find("quicroam.path.switches").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    List<Probe> probesOn(String interfaceName) {
        return probes.stream()
                .filter(p -> p.path().interfaceName().equals(interfaceName))
                .toList();
    }

    private void scheduleTraffic() {
        time.schedule(Duration.ofMillis(10), () -> {
            if (userTraffic && !decisions.isEmpty()) {
                for (PathId p : lastDecision().available()) {
                    if (!open.contains(p)) {
                        continue;
                    }
                    pm.trafficSent(p, 100); // the laptop sends whether or not the network delivers
                    if (!blackholed.contains(p.interfaceName())) {
                        pm.trafficReceived(p, 1200);
                    }
                }
            }
            scheduleTraffic();
        });
    }

    @Override
    public void interfaceUsable(NetInterface ni) {
        if (noPathOn.contains(ni.name())) {
            return;
        }
        for (InetAddress a : ni.routableAddresses()) {
            PathId id = new PathId(ni.name(), a, GATEWAY);
            if (open.add(id)) {
                pm.pathOpened(id);
            }
        }
    }

    @Override
    public void interfaceUnusable(NetInterface ni, String reason) {
        for (PathId id : List.copyOf(open)) {
            if (id.interfaceName().equals(ni.name())) {
                open.remove(id);
                pm.pathClosed(id);
            }
        }
    }

    @Override
    public void sendProbe(PathId path, long sequence) {
        probes.add(new Probe(time.nanos(), path, sequence));
        int dropped = dropOneIn.getOrDefault(path.interfaceName(), 0);
        if (dropped > 0 && probesOn(path.interfaceName()).size() % dropped == 0) {
            return;
        }
        if (!blackholed.contains(path.interfaceName()) && open.contains(path)) {
            time.schedule(rtt.getOrDefault(path.interfaceName(), Duration.ofMillis(20)), () -> {
                if (!blackholed.contains(path.interfaceName())) {
                    pm.probeAnswered(path, sequence);
                }
            });
        }
    }

    @Override
    public void pathState(PathId path, PathState state) {
        states.add(new StateReport(time.nanos(), path, state));
    }

    @Override
    public boolean copiesCarried() {
        return copiesCarried;
    }

    @Override
    public void decision(PathDecision decision) {
        decisions.add(decision);
        decisionTimes.add(time.nanos());
        for (var e : decision.roles().entrySet()) {
            if (e.getValue() == PathRole.ABANDON) {
                open.remove(e.getKey());
            }
        }
    }
}
