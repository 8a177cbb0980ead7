package io.quicroam.pathmanager.iface;

import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Interfaces driven by a program (the simulator, tests): {@code add("wifi", WIFI)}, {@code linkDown("wifi")}...
 * Events are delivered synchronously on the caller's thread, through the same {@link ChangeDetector} as the real
 * monitors, so repeating a state changes nothing.
 */
public final class SimulatedMonitor implements InterfaceMonitor {
    private final Clock clock;
    private final Map<String, InterfaceClass> classes = new ConcurrentHashMap<>();
    private final Map<String, Integer> indexes = new HashMap<>();
    private final NameClassifier byName = new NameClassifier();
    private ChangeDetector detector;
    private int nextIndex = 2;

    public SimulatedMonitor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void start(Consumer<NetworkChange> sink) {
        if (detector != null) {
            throw new IllegalStateException("already started");
        }
        detector = new ChangeDetector(clock, sink);
    }

    /** Declares an interface of the given class (down, no address). */
    public synchronized void add(String name, InterfaceClass type) {
        classes.put(name, type);
        indexes.computeIfAbsent(name, n -> nextIndex++);
        detector().link(index(name), name, false);
    }

    /** Declares an interface, brings its carrier up and gives it an address: a network ready to use. */
    public synchronized void addUp(String name, InterfaceClass type, InetAddress address) {
        add(name, type);
        linkUp(name);
        addAddress(name, address);
    }

    public synchronized void remove(String name) {
        detector().linkRemoved(index(name));
    }

    public synchronized void linkUp(String name) {
        detector().link(index(name), name, true);
    }

    public synchronized void linkDown(String name) {
        detector().link(index(name), name, false);
    }

    public synchronized void addAddress(String name, InetAddress address) {
        detector().address(index(name), address, true);
    }

    public synchronized void removeAddress(String name, InetAddress address) {
        detector().address(index(name), address, false);
    }

    private int index(String name) {
        Integer index = indexes.get(name);
        if (index == null) {
            throw new IllegalArgumentException("unknown simulated interface '" + name + "': add() it first");
        }
        return index;
    }

    private ChangeDetector detector() {
        if (detector == null) {
            throw new IllegalStateException("start() the monitor before changing interfaces");
        }
        return detector;
    }

    @Override
    public InterfaceClassifier classifier() {
        return name -> classes.getOrDefault(name, byName.classify(name));
    }

    @Override
    public synchronized void close() {
        detector = null;
    }
}
