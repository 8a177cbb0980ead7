package io.quicroam.pathmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.pathmanager.health.Audition;
import io.quicroam.pathmanager.health.FadeSignal;
import io.quicroam.pathmanager.health.FailureRecord;
import io.quicroam.pathmanager.health.PathHealth;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.health.TransportSample;
import io.quicroam.pathmanager.iface.Debouncer;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.InterfaceClassifier;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.InterfaceTable;
import io.quicroam.pathmanager.iface.NameClassifier;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.NoUsableInterfaceWarning;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.PathView;
import io.quicroam.pathmanager.path.Trigger;
import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.policy.InterfacePolicy;
import io.quicroam.pathmanager.policy.InterfaceVerdict;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.scheduler.PathScheduler;
import io.quicroam.pathmanager.scheduler.Plan;
import io.quicroam.pathmanager.scheduler.Probation;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path manager: fed by an {@link InterfaceMonitor} and by what the agent reports of its paths (opened,
 * closed, probe echoes, user traffic), it tells the agent through one {@link PathManagerListener} which interfaces
 * to open paths on, when to probe, and which paths carry traffic.
 *
 * <p>Threading: all state lives on the {@link TimeSource}'s thread. The agent-facing methods may be called from
 * any thread; they queue their work onto it. {@link #trafficReceived} and {@link #trafficSent} are the exception:
 * they run on the caller's (packet) thread, touch only lock-free counters and never allocate.
 */
public final class PathManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PathManager.class);

    private PathManagerConfig config;
    private final TimeSource time;
    private final PathManagerListener listener;
    private final PathMetrics metrics;
    private final ProbeTicks probes;
    private PathScheduler scheduler;
    /** Which paths take traffic only from a carrier whose network is gone, not from a fading one. */
    private Probation probation;

    private final Debouncer debouncer;
    private final Map<PathId, PathEntry> paths = new ConcurrentHashMap<>();
    private final Outage outage = new Outage(paths.values());
    private final Takeovers takeovers = new Takeovers(paths.values());
    private final Map<PathId, PathMetrics.PathMeters> meters = new HashMap<>();
    private final Set<PathId> abandoned = new LinkedHashSet<>();
    /** Failures per interface, kept across path restarts: a reconnected network has not proven itself. */
    private final Map<String, FailureRecord> failureRecords = new HashMap<>();

    private final TrafficActivity activity;

    private InterfaceClassifier classifier = new NameClassifier();
    private InterfaceTable table = new InterfaceTable(classifier);
    private InterfaceMonitor monitor;
    /** The last decision's roles, its AVAILABLE paths first: the primary leads, the others carry copies. */
    private Map<PathId, PathRole> lastRoles = Map.of();

    private long sequence;
    private Cancellable reconsider = () -> {};
    private NoUsableInterfaceWarning noUsableInterface;
    private boolean closed;

    public PathManager(
            PathManagerConfig config, TimeSource time, MeterRegistry registry, PathManagerListener listener) {
        this.config = config;
        this.time = time;
        this.listener = listener;
        this.metrics = new PathMetrics(registry);
        this.scheduler = PathScheduler.create(config, listener::copiesCarried);
        this.probation = new Probation(config.moveBackAfter());
        this.debouncer = new Debouncer(config.debounce(), time, this::onInterfaceChange, this::noPathWorks);
        this.activity = new TrafficActivity(time.nanos());
        this.probes = new ProbeTicks(
                config.probes(), time, activity, listener, meters, e -> paths.get(e.id) == e, this::lost);
    }

    /**
     * Starts watching interfaces. The monitor's initial state (what it reports before its start returns) is taken at
     * once: an interface already up at start has nothing to settle, and debouncing it would only delay the first path;
     * later gains are debounced. Call once, before the agent reports paths, and not from the time source's own
     * thread (it waits for that thread).
     */
    public void start(InterfaceMonitor interfaceMonitor) throws IOException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        time.execute(() -> {
            classifier = interfaceMonitor.classifier();
            table = new InterfaceTable(classifier);
            monitor = interfaceMonitor;
            noUsableInterface = new NoUsableInterfaceWarning(time, table::all, () -> config.interfaces(), log::warn);
            noUsableInterface.recheck();
            ready.complete(null);
        });
        ready.join();
        Thread starting = Thread.currentThread();
        AtomicBoolean started = new AtomicBoolean();
        interfaceMonitor.start(change -> {
            boolean initial = !started.get() && Thread.currentThread() == starting;
            time.execute(() -> {
                if (closed) {
                    return;
                }
                if (initial) {
                    onInterfaceChange(change);
                } else {
                    debouncer.accept(change);
                }
            });
        });
        started.set(true);
    }

    // ---- agent API (any thread) ----

    /** The agent opened a path (its QUIC connection is up); it is probed from now on. */
    public void pathOpened(PathId id) {
        time.execute(() -> openPath(id));
    }

    /** The agent closed a path; it is ABANDONed in the next decision. */
    public void pathClosed(PathId id) {
        time.execute(() -> {
            if (removePath(id)) {
                decide(Trigger.PATH_CLOSED);
            }
        });
    }

    /**
     * The paths of {@code interfaceName} that failed lately failed with the connection they carried, not with their
     * network (the proxy lost it, and a new one replaces it): the interface's record of failures is cleared, so no
     * probation holds traffic off a network that did nothing wrong ({@code Probation}, {@code Readmission}).
     */
    public void pardon(String interfaceName) {
        time.execute(() -> {
            FailureRecord record = failureRecords.get(interfaceName);
            if (record != null && record.failures() > 0) {
                log.debug("Interface {}: its failures were its connection's; its record is cleared", interfaceName);
                record.pardon();
                decide(Trigger.PATH_READMITTED); // off probation: it may take the traffic now
            }
        });
    }

    /**
     * The agent found {@code id} unfit for traffic for {@code reason} (e.g. {@code mtu-too-small}: it cannot carry
     * the tunnel's 1280-byte packets), or fit again with a null reason. An unfit path stays open and probed, but no
     * scheduler sees it: it is BACKUP and never carries traffic until it is fit again.
     */
    public void pathUsable(PathId id, String reason) {
        time.execute(() -> {
            PathEntry e = paths.get(id);
            if (e == null || Objects.equals(e.unusable, reason)) {
                return;
            }
            e.unusable = reason;
            log.info("Path {} {}", id.label(), reason == null ? "may carry traffic again" : "is unusable: " + reason);
            decide(Trigger.MTU_CHANGED);
        });
    }

    /**
     * {@code id}'s probes are answered by the peer's acknowledgements, which it may delay by up to {@code delay}
     * ({@link PathHealth#answerDelay}).
     */
    public void answerDelay(PathId id, Duration delay) {
        time.execute(() -> {
            PathEntry e = paths.get(id);
            if (e != null) {
                e.health.answerDelay(delay);
            }
        });
    }

    /** The echo of probe {@code sequence} arrived; RTT is measured here on the injected clock. */
    public void probeAnswered(PathId id, long sequence) {
        time.execute(() -> answered(id, sequence));
    }

    /**
     * What the transport carrying {@code id} knows of it now (RTT, loss, delivery rate), about every 100 ms while it
     * carries traffic: the primary fading on these figures is demoted while another path could take over; one that
     * starts to waver may be covered by another ({@code CoveringScheduler}). A path carrying copies only is judged
     * by its probes: its fade says nothing of where traffic should go.
     */
    public void transportSample(PathId id, TransportSample sample) {
        time.execute(() -> {
            PathEntry e = paths.get(id);
            if (e == null) {
                return;
            }
            long now = time.nanos();
            boolean wavering = now < e.health.waveringUntilNanos();
            Optional<FadeSignal> fading = e.health.transportSample(sample, now);
            boolean startsWavering = !wavering && now < e.health.waveringUntilNanos();
            if (!id.equals(primary())) {
                if (startsWavering && e.role == PathRole.AVAILABLE) {
                    decide(Trigger.COVER_ENDED); // the copies are more than it carries, or its network fades too
                }
                return;
            }
            if (fading.isEmpty() && startsWavering) {
                decide(Trigger.COVER);
            }
            if (fading.isPresent() && takeovers.canLeave(e, probation, now)) {
                takeovers.demoted(e, now);
                PathState before = e.health.state();
                log.info(
                        "Path {} is fading ({})",
                        id.label(),
                        Trigger.of(fading.get()).label());
                e.health.demote(now).ifPresent(s -> stateChanged(e, before, s, Trigger.of(fading.get())));
                e.publish();
                probes.plan(e);
            }
        });
    }

    /** User traffic arrived on the path: proof of life. Lock-free, for the packet path. */
    public void trafficReceived(PathId id, int bytes) {
        PathEntry e = paths.get(id);
        if (e != null) {
            e.bytesReceived.add(bytes);
            long now = time.nanos();
            e.lastTrafficNanos = now;
            e.lastHeardNanos = now;
            if (activity.touch(now)) {
                time.execute(this::trafficResumed);
            }
        }
    }

    /** User traffic left on the path: counted, and it keeps the carrying path's fast probing on. Lock-free. */
    public void trafficSent(PathId id, int bytes) {
        PathEntry e = paths.get(id);
        if (e != null) {
            e.bytesSent.add(bytes);
            if (activity.touch(time.nanos())) {
                time.execute(this::trafficResumed);
            }
        }
    }

    /**
     * Whether user traffic passed within the last 2 s ({@code TrafficActivity.IDLE_AFTER}): what the agent's own
     * periodic reads (path MTU, QUIC statistics) pace themselves by, so an idle tunnel wakes nobody. Lock-free.
     */
    public boolean trafficActive() {
        return activity.active(time.nanos());
    }

    /**
     * Takes new interface policy, probe settings and scheduling (a reload): paths, their health and the session
     * stay. Interfaces whose verdict changed are opened or closed, pacing and policy apply at once, thresholds apply
     * to paths opened from now on; the debounce time needs a restart.
     */
    public void reconfigure(PathManagerConfig next) {
        time.execute(() -> {
            boolean schedulingChanged = next.scheduler() != config.scheduler()
                    || !next.moveBackAfter().equals(config.moveBackAfter())
                    || !next.handoverWindow().equals(config.handoverWindow());
            InterfacePolicies before = config.interfaces();
            config = next;
            probes.reconfigure(next.probes());
            if (schedulingChanged) {
                scheduler = PathScheduler.create(next, listener::copiesCarried);
                probation = new Probation(next.moveBackAfter());
            }
            for (PathEntry e : paths.values()) {
                e.policy = next.interfaces().resolve(e.id.interfaceName(), typeOf(e.id.interfaceName()));
                probes.plan(e);
            }
            for (NetInterface ni : table.all()) {
                boolean wasUsable = before.verdict(ni).usable();
                InterfaceVerdict now = next.interfaces().verdict(ni);
                if (wasUsable && !now.usable()) {
                    log.info("Interface {} is no longer usable: {}", ni.name(), now.reason());
                    pathsOn(ni.name()).stream().map(e -> e.id).toList().forEach(this::removePath);
                    call(() -> listener.interfaceUnusable(ni, now.reason()));
                } else if (!wasUsable && now.usable()) {
                    log.info("Interface {} is usable", ni.name());
                    call(() -> listener.interfaceUsable(ni));
                }
            }
            noUsableInterface.recheck();
            log.info("Path policy reloaded");
            decide(Trigger.POLICY_CHANGED);
        });
    }

    /** Probe every path now (within the metered limit), e.g. after a sleep/resume clock jump. */
    public void reprobeAll() {
        time.execute(() -> paths.values().forEach(probes::force));
    }

    /** Paths as they are now. */
    public CompletableFuture<List<PathSnapshot>> status() {
        CompletableFuture<List<PathSnapshot>> result = new CompletableFuture<>();
        time.execute(() -> result.complete(paths.values().stream()
                .sorted(Comparator.comparing(e -> e.id.label()))
                .map(e -> e.snapshot(lastRoles.getOrDefault(e.id, PathRole.BACKUP)))
                .toList()));
        return result;
    }

    /** Interfaces as the path manager knows them now (after debouncing). */
    public CompletableFuture<List<NetInterface>> interfaces() {
        CompletableFuture<List<NetInterface>> result = new CompletableFuture<>();
        time.execute(() -> result.complete(List.copyOf(table.all())));
        return result;
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        time.execute(() -> {
            closed = true;
            debouncer.clear();
            reconsider.cancel();
            new ArrayList<>(paths.keySet()).forEach(this::removePath);
        });
    }

    private InterfaceClass typeOf(String name) {
        return table.get(name).map(NetInterface::type).orElseGet(() -> classifier.classify(name));
    }

    // ---- interfaces ----

    private void onInterfaceChange(NetworkChange change) {
        InterfaceTable.Transition t = table.apply(change);
        InterfacePolicies policies = config.interfaces();
        InterfaceVerdict before = t.before().map(policies::verdict).orElse(InterfaceVerdict.unusable("unknown"));
        InterfaceVerdict after =
                t.after().map(policies::verdict).orElse(InterfaceVerdict.unusable("interface removed"));
        Optional<NetInterface> ni = t.after().or(t::before);
        if (ni.isEmpty()) {
            return;
        }
        log.debug(
                "Interface {} {}: {}",
                change.name(),
                change.kind().label(),
                after.usable() ? "usable" : after.reason());
        if (change.kind() == NetworkChange.Kind.ROUTE_CHANGED) {
            // A new default route may mean a new network behind the same interface: check its paths now.
            pathsOn(change.name()).forEach(probes::force);
        }
        List<PathId> gone = pathsOn(change.name()).stream()
                .map(e -> e.id)
                .filter(id -> !after.usable()
                        || (change.kind() == NetworkChange.Kind.ADDRESS_REMOVED
                                && change.addresses().contains(id.local())))
                .toList();
        if (!gone.isEmpty()) {
            gone.forEach(this::removePath);
            decide(triggerOf(change.kind()));
        }
        if (before.usable() && !after.usable()) {
            log.info("Interface {} is no longer usable: {}", change.name(), after.reason());
            call(() -> listener.interfaceUnusable(ni.get(), after.reason()));
        } else if (after.usable() && (!before.usable() || t.changed())) {
            if (!before.usable()) {
                log.info("Interface {} is usable", change.name());
            }
            call(() -> listener.interfaceUsable(ni.get()));
        }
        noUsableInterface.recheck();
    }

    private static Trigger triggerOf(NetworkChange.Kind kind) {
        return switch (kind) {
            case DOWN -> Trigger.INTERFACE_DOWN;
            case REMOVED -> Trigger.INTERFACE_REMOVED;
            case ADDRESS_REMOVED -> Trigger.ADDRESS_REMOVED;
            default -> Trigger.INTERFACE_EXCLUDED;
        };
    }

    private List<PathEntry> pathsOn(String interfaceName) {
        return paths.values().stream()
                .filter(e -> e.id.interfaceName().equals(interfaceName))
                .toList();
    }

    // ---- paths ----

    private void openPath(PathId id) {
        if (closed || paths.containsKey(id)) {
            return;
        }
        String name = id.interfaceName();
        InterfacePolicy policy = config.interfaces().resolve(name, typeOf(name));
        FailureRecord record = failureRecords.computeIfAbsent(name, n -> new FailureRecord());
        PathEntry e = new PathEntry(
                id, policy, new PathHealth(id.label(), config.probes(), time.clock(), time.nanos(), record));
        paths.put(id, e);
        meters.put(id, metrics.register(e));
        e.publish();
        abandoned.remove(id);
        log.info("Path {} opened", id.label());
        probes.plan(e);
        decide(Trigger.PATH_ADDED);
    }

    private boolean removePath(PathId id) {
        PathEntry e = paths.remove(id);
        if (e == null) {
            return false;
        }
        e.tick.cancel();
        e.outstanding.values().forEach(o -> o.timeout().cancel());
        metrics.unregister(meters.remove(id));
        if (lastRoles.containsKey(id)) {
            abandoned.add(id);
        }
        log.info("Path {} closed", id.label());
        if (!e.failed()) {
            tryAllIfNoneWorks(time.nanos()); // the last working path went
        }
        return true;
    }

    private void answered(PathId id, long seq) {
        PathEntry e = paths.get(id);
        if (e == null) {
            return;
        }
        long now = time.nanos();
        e.lastHeardNanos = now;
        PathEntry.Outstanding out = e.outstanding.remove(seq);
        if (out == null) {
            // Late (already counted lost): its RTT still counts, or unknown: proof of life only.
            e.late.sentNanos(seq).ifPresent(sent -> {
                e.health.lateAnswer(now - sent);
                e.publish();
            });
            return;
        }
        out.timeout().cancel();
        PathState before = e.health.state();
        Optional<PathState> next = e.health.answered(now - out.sentNanos(), out.trial(), now);
        e.publish();
        next.ifPresent(s -> stateChanged(e, before, s, null));
        auditioned(e, e.health.auditionAnswered(out.sentNanos(), now - out.sentNanos()), now);
        probes.plan(e);
    }

    private void lost(PathEntry e, long seq) {
        PathEntry.Outstanding out = e.outstanding.remove(seq);
        // A trial probe lost after its path was re-admitted (by an answer to a later one) belongs to the outage.
        if (out == null || paths.get(e.id) != e || (out.trial() && !e.failed())) {
            return;
        }
        long now = time.nanos();
        e.late.lost(seq, out.sentNanos());
        meters.get(e.id).probesLost().increment();
        PathState before = e.health.state();
        boolean wasSilent = e.silent();
        e.lastLostSentNanos = out.sentNanos();
        Optional<PathState> next = e.health.lost(out.trial(), e.lastHeardNanos > out.sentNanos(), now);
        e.publish();
        next.ifPresent(s -> stateChanged(e, before, s, null));
        if (next.isEmpty() && e.role == PathRole.AVAILABLE && !wasSilent && e.silent()) {
            decide(Trigger.PROBE_LOSS); // a slow SUSPECT carrier fell silent: a path on probation may take over now
        }
        if (next.isPresent() && e.failed()) {
            tryAllIfNoneWorks(now);
        }
        auditioned(e, e.health.auditionMissed(out.sentNanos()), now);
        outage.overdue(now).forEach(held -> call(() -> listener.pathState(held.id, PathState.FAILED)));
        probes.plan(e);
    }

    /**
     * An audition's probe outcome: passed, the scheduler is asked again (it moves the traffic there); failed, the path
     * is demoted like a fading one (not the agent's business: its connection works), so it comes back through trial
     * probes and its next move-back wait is doubled.
     */
    private void auditioned(PathEntry e, Audition.Outcome outcome, long now) {
        switch (outcome) {
            case PASSED -> {
                log.debug("Path {} passed its audition", e.id.label());
                decide(Trigger.PROBE_LOSS);
            }
            case FAILED -> {
                log.info("Path {} failed its audition: its probes were lost or slow", e.id.label());
                PathState before = e.health.state();
                e.health.demote(now).ifPresent(s -> stateChanged(e, before, s, Trigger.PROBE_LOSS));
                e.publish();
            }
            case PENDING -> {}
        }
    }

    private void tryAllIfNoneWorks(long now) {
        if (outage.hurryIfNoneWorks(now)) {
            paths.values().forEach(probes::plan);
        }
    }

    /**
     * {@code cause}: what demoted the path, or null for a change its probes made. A demotion is not the agent's
     * business: the path's connection works (it is its network that fades), so it must not be replaced, which would
     * also start the path's record afresh.
     */
    private void stateChanged(PathEntry e, PathState before, PathState after, Trigger cause) {
        log.info("Path {}: {} -> {}", e.id.label(), before, after);
        long now = time.nanos();
        if (cause == null && !(after == PathState.FAILED && outage.holdBack(e, now, usableElsewhere(e)))) {
            call(() -> listener.pathState(e.id, after));
        }
        if (after == PathState.ACTIVE_CAPABLE) {
            outage.over(now).forEach(held -> call(() -> listener.pathState(held.id, PathState.FAILED)));
        }
        Trigger trigger = cause != null
                ? cause
                : switch (after) {
                    case ACTIVE_CAPABLE ->
                        before == PathState.FAILED
                                ? Trigger.PATH_READMITTED
                                : before == PathState.SUSPECT ? Trigger.PATH_RECOVERED : Trigger.PATH_ADDED;
                    case SUSPECT, FAILED, PROBING -> Trigger.PROBE_LOSS;
                };
        decide(trigger);
    }

    /** Whether no open path carries traffic or could (none ACTIVE-CAPABLE or SUSPECT): the tunnel is stranded. */
    private boolean noPathWorks() {
        return paths.values().stream().map(e -> e.health.state()).noneMatch(PathManager::works);
    }

    private static boolean works(PathState state) {
        return state == PathState.ACTIVE_CAPABLE || state == PathState.SUSPECT;
    }

    /** Whether an interface other than {@code e}'s is usable: somewhere the agent could go instead. */
    private boolean usableElsewhere(PathEntry e) {
        return table.all().stream()
                .anyMatch(ni -> !ni.name().equals(e.id.interfaceName())
                        && config.interfaces().verdict(ni).usable());
    }

    // ---- probing ----

    /**
     * The first packet after an idle spell: the carrying path, probed only on the standby rhythm while idle, is
     * probed now, so a network that went silent meanwhile is left within the usual bound of the traffic resuming.
     */
    private void trafficResumed() {
        for (PathEntry e : paths.values()) {
            if (e.role == PathRole.AVAILABLE) {
                log.debug("Traffic after an idle spell: probing {} now", e.id.label());
                probes.force(e);
            }
        }
        listener.trafficResumed();
    }

    // ---- decisions ----

    private void decide(Trigger trigger) {
        if (closed) {
            return;
        }
        long now = time.nanos();
        List<PathView> views = paths.values().stream()
                .map(PathEntry::view)
                .sorted(Comparator.comparing(v -> v.id().label()))
                .toList();
        // A path the agent found unfit (its MTU) is no scheduler's choice: it stays BACKUP.
        Plan plan = scheduler.decide(
                views.stream().filter(v -> paths.get(v.id()).unusable == null).toList(), now);
        reconsider.cancel();
        auditions(plan.auditions(), now);
        if (plan.reconsiderAtNanos().isPresent()) {
            long delay = Math.max(0, plan.reconsiderAtNanos().getAsLong() - now);
            reconsider = time.schedule(Duration.ofNanos(delay), () -> decide(Trigger.PREFERRED_RETURNED));
        }
        // The plan's AVAILABLE paths first, in its order (the primary leads), then the others by name.
        Map<PathId, PathRole> planned = new LinkedHashMap<>();
        plan.available().stream().filter(paths::containsKey).forEach(id -> planned.put(id, PathRole.AVAILABLE));
        views.forEach(v -> planned.putIfAbsent(v.id(), plan.roles().getOrDefault(v.id(), PathRole.BACKUP)));
        List<PathId> nowAvailable = available(planned);
        if (abandoned.isEmpty() && planned.equals(lastRoles) && nowAvailable.equals(available(lastRoles))) {
            return;
        }
        Trigger reason = plan.reason().orElse(trigger);
        List<PathId> wasAvailable = available(lastRoles);
        if (!wasAvailable.isEmpty()
                && !nowAvailable.isEmpty()
                && !wasAvailable.get(0).equals(nowAvailable.get(0))) {
            metrics.switched(reason);
            log.info(
                    "Traffic moves to {} ({})",
                    nowAvailable.stream().map(PathId::label).toList(),
                    reason.label());
        } else if (!nowAvailable.equals(wasAvailable)) {
            log.debug(
                    "Traffic goes to {} ({})",
                    nowAvailable.stream().map(PathId::label).toList(),
                    reason.label());
        }
        Map<PathId, PathRole> roles = new LinkedHashMap<>(planned);
        abandoned.forEach(id -> roles.put(id, PathRole.ABANDON));
        abandoned.clear();
        lastRoles = planned;
        for (PathEntry e : paths.values()) {
            PathRole role = lastRoles.getOrDefault(e.id, PathRole.BACKUP);
            if (role != e.role) {
                e.role = role;
                probes.plan(e);
            }
        }
        PathDecision decision = new PathDecision(++sequence, roles, reason);
        call(() -> listener.decision(decision));
    }

    /** The paths the scheduler wants {@code Audition}ed are, from now on; the others no longer. */
    private void auditions(Set<PathId> asked, long now) {
        for (PathEntry e : paths.values()) {
            Audition audition = e.health.audition();
            if (asked.contains(e.id) == audition.on()) {
                continue;
            }
            if (audition.on()) {
                audition.end();
            } else {
                log.debug("Path {} auditions: probed at the active pace", e.id.label());
                audition.begin(now);
            }
            probes.plan(e);
        }
    }

    /** Where traffic goes: the last decision's first AVAILABLE path, or null. */
    private PathId primary() {
        List<PathId> available = available(lastRoles);
        return available.isEmpty() ? null : available.get(0);
    }

    private static List<PathId> available(Map<PathId, PathRole> roles) {
        List<PathId> result = new ArrayList<>();
        roles.forEach((id, role) -> {
            if (role == PathRole.AVAILABLE) {
                result.add(id);
            }
        });
        return result;
    }

    /** Listener code must not break the path manager's state: its failures are logged, not propagated. */
    static void call(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException ex) {
            log.warn("Path manager listener failed", ex);
        }
    }
}
