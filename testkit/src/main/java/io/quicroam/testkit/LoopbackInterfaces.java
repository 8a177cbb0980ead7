package io.quicroam.testkit;

import io.quicroam.agent.PathEndpoints;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.InterfaceClassifier;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.SimulatedMonitor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Simulated interfaces whose paths run over loopback, for {@link LoopbackRig}. Each interface gets a stand-in address
 * from the benchmarking range 198.18.0.0/15 (what the path manager sees; it never opens paths from loopback addresses)
 * and binds its socket to a loopback address of its own, so the gateway sees a distinct peer per interface.
 * Interfaces added before the agent starts appear when it does.
 */
public final class LoopbackInterfaces implements InterfaceMonitor, PathEndpoints {
    private record Binding(InetSocketAddress local, InetSocketAddress remote) {}

    private final SimulatedMonitor monitor = new SimulatedMonitor(Clock.systemUTC());
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    private final List<Runnable> beforeStart = new ArrayList<>();
    private boolean started;
    private int next;

    /** Interfaces come from {@link LoopbackRig}: it knows where each path sends. */
    LoopbackInterfaces() {}

    /** An interface, up, whose path binds to {@code loopback} and sends to {@code remote} (the gateway, or an emulated link). */
    public synchronized void add(String name, InterfaceClass type, InetAddress loopback, InetSocketAddress remote) {
        bindings.put(name, new Binding(new InetSocketAddress(loopback, 0), remote));
        InetAddress standIn = IpAddresses.parse("198.18." + (++next) + ".2");
        whenStarted(() -> monitor.addUp(name, type, standIn));
    }

    /** Carrier lost: the path manager hears at once (unlike a silent blackhole). */
    public synchronized void down(String name) {
        whenStarted(() -> monitor.linkDown(name));
    }

    public synchronized void up(String name) {
        whenStarted(() -> monitor.linkUp(name));
    }

    private void whenStarted(Runnable change) {
        if (started) {
            change.run();
        } else {
            beforeStart.add(change);
        }
    }

    @Override
    public synchronized void start(Consumer<NetworkChange> sink) {
        monitor.start(sink);
        started = true;
        beforeStart.forEach(Runnable::run);
        beforeStart.clear();
    }

    @Override
    public InterfaceClassifier classifier() {
        return monitor.classifier();
    }

    @Override
    public synchronized void close() {
        monitor.close();
    }

    @Override
    public InetSocketAddress local(NetInterface ni, InetAddress address) {
        return bindings.get(ni.name()).local();
    }

    /** Simulated interfaces do not exist in the kernel: nothing to pin to. */
    @Override
    public String device(NetInterface ni) {
        return null;
    }

    @Override
    public InetSocketAddress remote(NetInterface ni, InetAddress address) {
        return bindings.get(ni.name()).remote();
    }
}
