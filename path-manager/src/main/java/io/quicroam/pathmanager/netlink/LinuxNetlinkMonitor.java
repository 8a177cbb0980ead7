package io.quicroam.pathmanager.netlink;

import io.quicroam.linux.CancellablePoll;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.linux.NativeFd;
import io.quicroam.linux.Netlink;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.pathmanager.iface.ChangeDetector;
import io.quicroam.pathmanager.iface.InterfaceClassifier;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.NameClassifier;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.SysfsClassifier;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux interface monitor on an rtnetlink socket (JNA via the {@code linux} module), subscribed to link, IPv4/IPv6
 * address and IPv4/IPv6 route groups. {@link #start} dumps links, addresses and routes, reports the state, then a
 * reader thread reports each notification as it arrives: event-driven, no polling. If the kernel drops
 * notifications (ENOBUFS) the monitor dumps again and reports the differences, removals included.
 */
public final class LinuxNetlinkMonitor implements InterfaceMonitor {
    private static final Logger log = LoggerFactory.getLogger(LinuxNetlinkMonitor.class);
    private static final int BUFFER = 64 * 1024;
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final NetworkNamespace namespace;
    private final Clock clock;
    private final byte[] buffer = new byte[BUFFER];
    private final Map<String, InetAddress> defaultRoutes = new HashMap<>();
    private NativeFd socket;
    private CancellablePoll poll;
    private Thread reader;
    private ChangeDetector detector;
    // Notifications carry the sequence number of whoever made the change (ip uses the time in seconds):
    // start ours somewhere unlikely to collide.
    private int sequence = new Random().nextInt(1 << 30) + (1 << 30);

    private LinuxNetlinkMonitor(NetworkNamespace namespace, Clock clock) {
        this.namespace = namespace;
        this.clock = clock;
    }

    /** Watches the process's own network namespace. */
    public static LinuxNetlinkMonitor create(Clock clock) {
        return new LinuxNetlinkMonitor(null, clock);
    }

    /** Watches {@code namespace}: the socket is opened from inside it. */
    public static LinuxNetlinkMonitor in(NetworkNamespace namespace, Clock clock) {
        return new LinuxNetlinkMonitor(Objects.requireNonNull(namespace, "namespace"), clock);
    }

    @Override
    public synchronized void start(Consumer<NetworkChange> sink) throws IOException {
        if (socket != null) {
            throw new IllegalStateException("already started");
        }
        socket = NativeFd.of(namespace == null ? openSocket() : namespace.call(LinuxNetlinkMonitor::openSocket));
        try {
            poll = CancellablePoll.open();
            detector = new ChangeDetector(clock, sink);
            resync(true);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        reader = new Thread(this::readLoop, "quicroam-netlink");
        reader.setDaemon(true);
        reader.start();
    }

    private static int openSocket() throws LinuxException {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        try {
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, RECEIVE_BUFFER);
            LibC.bind(fd, Netlink.sockaddr(Rtnetlink.GROUPS));
            return fd;
        } catch (LinuxException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private void readLoop() {
        try {
            while (poll.awaitReadable(socket.value())) {
                int n;
                try {
                    n = LibC.recv(socket.value(), buffer, LibC.MSG_DONTWAIT);
                } catch (LinuxException e) {
                    if (e.errno() == LibC.ENOBUFS) {
                        log.warn("Netlink notifications were dropped by the kernel; reading the interfaces again");
                        resync(false);
                        continue;
                    }
                    if (e.errno() == LibC.EAGAIN) {
                        continue;
                    }
                    throw e;
                }
                for (RtMessage m : Rtnetlink.parse(buffer, n)) {
                    apply(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("Netlink interface monitor stopped: {}", e.toString());
        }
    }

    /**
     * Dumps links, addresses and routes and reports how they differ from what was known. Notifications that
     * arrive meanwhile are applied after the dump (they are at least as new as what it showed).
     */
    private void resync(boolean initial) throws IOException {
        List<RtMessage> notifications = new ArrayList<>();
        Map<Integer, RtMessage.Link> links = new LinkedHashMap<>();
        Map<Integer, Set<InetAddress>> addresses = new HashMap<>();
        for (RtMessage m : dump(Netlink.RTM_GETLINK, notifications)) {
            if (m instanceof RtMessage.Link link) {
                links.put(link.index(), link);
            }
        }
        for (RtMessage m : dump(Netlink.RTM_GETADDR, notifications)) {
            if (m instanceof RtMessage.Address a && a.usable()) {
                addresses.computeIfAbsent(a.index(), i -> new HashSet<>()).add(a.address());
            }
        }
        List<ChangeDetector.LinkSnapshot> snapshot = new ArrayList<>();
        links.values()
                .forEach(l -> snapshot.add(new ChangeDetector.LinkSnapshot(
                        l.index(), l.name(), l.up(), addresses.getOrDefault(l.index(), Set.of()))));
        detector.snapshot(snapshot);
        for (RtMessage m : dump(Netlink.RTM_GETROUTE, notifications)) {
            if (m instanceof RtMessage.DefaultRoute r) {
                // Learn the routes of the initial state silently: only later changes are events.
                route(r, !initial);
            }
        }
        notifications.forEach(this::apply);
    }

    /** Sends one dump request and collects its replies; multicast notifications go to {@code notifications}. */
    private List<RtMessage> dump(int type, List<RtMessage> notifications) throws IOException {
        int seq = ++sequence;
        byte[] request = Rtnetlink.dumpRequest(type, seq);
        LibC.sendto(socket.value(), request, request.length, 0, Netlink.sockaddr(0));
        List<RtMessage> replies = new ArrayList<>();
        while (true) {
            if (!poll.awaitReadable(socket.value())) {
                throw new IOException("netlink monitor closed during a dump");
            }
            int n = LibC.recv(socket.value(), buffer, 0);
            for (RtMessage m : Rtnetlink.parse(buffer, n)) {
                if (m.sequence() != seq) {
                    notifications.add(m);
                } else if (m instanceof RtMessage.Done) {
                    return replies;
                } else if (m instanceof RtMessage.Error error) {
                    throw new LinuxException("rtnetlink dump " + type, error.errno(), "the kernel refused the dump");
                } else {
                    replies.add(m);
                }
            }
        }
    }

    private void apply(RtMessage m) {
        if (m instanceof RtMessage.Link link) {
            if (link.removed()) {
                detector.linkRemoved(link.index());
            } else {
                detector.link(link.index(), link.name(), link.up());
            }
        } else if (m instanceof RtMessage.Address a) {
            detector.address(a.index(), a.address(), !a.removed() && a.usable());
        } else if (m instanceof RtMessage.DefaultRoute r) {
            route(r, true);
        }
    }

    /** Tracks the default route per family and interface; reports a change if {@code report}. */
    private void route(RtMessage.DefaultRoute r, boolean report) {
        String key = r.family() + "/" + r.index();
        boolean changed;
        if (r.removed()) {
            changed = defaultRoutes.containsKey(key);
            defaultRoutes.remove(key);
        } else {
            changed = !defaultRoutes.containsKey(key) || !Objects.equals(defaultRoutes.get(key), r.gateway());
            defaultRoutes.put(key, r.gateway());
        }
        if (changed && report) {
            detector.defaultRoute(r.index(), r.gateway());
        }
    }

    @Override
    public InterfaceClassifier classifier() {
        // /sys/class/net shows the process's namespace, so inside another one only the name can tell.
        return namespace == null ? new SysfsClassifier() : new NameClassifier();
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (poll != null) {
                poll.cancel();
            }
            if (reader != null) {
                reader.join(5_000);
            }
            if (socket != null) {
                socket.close();
            }
            if (poll != null) {
                poll.close();
            }
        } catch (IOException e) {
            log.warn("Closing the netlink monitor: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
