package io.quicroam.agent;

import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Follows what each path carries as its path MTU discovery (RFC 8899) finds out: reads every open path's capacity
 * from its connection every {@link #REFRESH} while it can change, judges it ({@link MtuFit}), tells the path manager
 * which paths must not carry traffic ({@code mtu-too-small}), moves the tunnel's MTU with them ({@link TunnelMtu}),
 * and gives up the session when no open path can carry 1280-byte packets, rather than losing large packets without
 * a word.
 *
 * <p>A capacity changes only while discovery runs (the first {@link #DISCOVERY} of a path) or while packets flow
 * (a black hole is found by losing them); an idle tunnel's capacities stand still, and so does this watch: no timer
 * runs until a path opens or traffic resumes, so an idle agent is not woken four times a second for nothing.
 *
 * <p>Threads: the path manager's thread (its {@link TimeSource}); capacities are read on each path's event loop
 * and hop back.
 */
final class MtuWatch {
    /** How often each path's capacity is read: a few hundred milliseconds is what quiche's discovery needs. */
    static final Duration REFRESH = Duration.ofMillis(250);
    /** How long a path's discovery is given to reach 1280-byte packets before the path is judged too small. */
    static final Duration SETTLE = Duration.ofSeconds(3);
    /**
     * How long after a path opened its capacity is followed without traffic: quiche's discovery probes upwards in
     * the first round trips, within a few seconds even on a loaded machine.
     */
    static final Duration DISCOVERY = Duration.ofSeconds(10);

    private final TimeSource time;
    private final PathTable table;
    private final PathManager pathManager;
    private final TunnelMtu tunnelMtu;
    private final Consumer<String> noPathFits;
    private Cancellable next = () -> {};
    private boolean ticking;
    private boolean stopped;
    private boolean gaveUp;

    /** @param noPathFits told once, with why, when every open path is too small for the tunnel */
    MtuWatch(
            TimeSource time,
            PathTable table,
            PathManager pathManager,
            TunnelMtu tunnelMtu,
            Consumer<String> noPathFits) {
        this.time = time;
        this.table = table;
        this.pathManager = pathManager;
        this.tunnelMtu = tunnelMtu;
        this.noPathFits = noPathFits;
    }

    void start() {
        wake();
    }

    void stop() {
        stopped = true;
        next.cancel();
    }

    /** Traffic flows again after an idle spell: its packets may find a smaller path MTU, so it is followed again. */
    void trafficResumed() {
        wake();
    }

    /**
     * A path opened: judged at once on what its interface allows, so a path that can never carry the tunnel
     * never carries a packet.
     */
    void opened(AgentPath path) {
        path.openedAt(time.nanos());
        judge(path, path.tunnel().maxPacketSize());
        refresh(path);
        wake();
    }

    /** A path closed: the tunnel's MTU follows the ones left. */
    void closed() {
        follow();
    }

    private void wake() {
        if (!ticking && !stopped) {
            ticking = true;
            next = time.schedule(REFRESH, this::tick);
        }
    }

    private void tick() {
        boolean discovering = false;
        for (AgentPath path : new ArrayList<>(table.all())) {
            if (path.tunnel() != null) {
                refresh(path);
                discovering |= time.nanos() - path.openedAt() < DISCOVERY.toNanos();
            }
        }
        ticking = discovering || pathManager.trafficActive();
        if (ticking) {
            next = time.schedule(REFRESH, this::tick);
        }
    }

    private void refresh(AgentPath path) {
        path.tunnel()
                .refreshCapacity()
                .whenComplete((size, failure) -> time.execute(() -> {
                    if (failure == null && table.holds(path)) {
                        judge(path, size);
                    }
                }));
    }

    private void judge(AgentPath path, int currentPacket) {
        MtuFit fit = MtuFit.judge(
                path.tunnel().ceilingPacketSize(), currentPacket, time.nanos() - path.openedAt(), SETTLE.toNanos());
        if (fit != path.fit()) {
            path.fit(fit);
            pathManager.pathUsable(path.id(), fit == MtuFit.TOO_SMALL ? MtuFit.REASON : null);
        }
        follow();
    }

    private void follow() {
        Collection<AgentPath> open =
                table.all().stream().filter(p -> p.tunnel() != null).toList();
        tunnelMtu.follow(open.stream().filter(p -> p.fit() == MtuFit.FITS).mapToInt(AgentPath::maxPacketSize));
        // Only when nothing else may come: every usable interface has its paths open, and each is too small.
        boolean noneFits = !open.isEmpty()
                && open.size() == table.all().size()
                && table.unopened(table.usableInterfaces()).isEmpty()
                && open.stream().allMatch(p -> p.fit() == MtuFit.TOO_SMALL);
        if (noneFits && !gaveUp) {
            gaveUp = true;
            noPathFits.accept("no path can carry the tunnel's 1280-byte packets (RFC 9484 §7.1): every open path's "
                    + "MTU is too small ("
                    + String.join(", ", open.stream().map(p -> p.id().label()).toList()) + ")");
        }
    }
}
