package io.quicroam.simulator.harness;

import io.quicroam.agent.Agent.Mode;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.simulator.link.AppliedAction;
import io.quicroam.simulator.link.InterfaceEvent;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkListener;
import io.quicroam.simulator.measure.FlowAnalyzer;
import io.quicroam.simulator.measure.FlowLog;
import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.HandoverRecord;
import io.quicroam.simulator.measure.HeapTrend;
import io.quicroam.simulator.measure.LinkEvent;
import io.quicroam.simulator.measure.PathResult;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.relay.RelayedLink;
import io.quicroam.simulator.relay.UdpRelay;
import io.quicroam.simulator.scenario.FlowSpec;
import io.quicroam.simulator.scenario.Scenario;
import io.quicroam.simulator.scenario.TimelineEvent;
import io.quicroam.simulator.traffic.GatewayTap;
import io.quicroam.simulator.traffic.TrafficGenerator;
import io.quicroam.simulator.traffic.TrafficReceiver;
import io.quicroam.testkit.LocalGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One strategy on one scenario, in this JVM and in real time: a fresh gateway (echo egress, tapped), a relay with
 * one emulated link per scenario link, the agent for the strategy, and the traffic. Waits for the tunnel (and,
 * bonded, for a path on every link), warms the packet path up with unmeasured traffic, starts the traffic and the
 * timeline together at scenario time 0, samples every 100 ms, stops the traffic at the scenario's end and lets echoes
 * drain for a second before measuring.
 */
final class StrategyRun {
    private static final Logger log = LoggerFactory.getLogger(StrategyRun.class);
    static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    /** What the process holds (heap after GC, threads, descriptors) is sampled this often. */
    static final Duration RESOURCES_EVERY = Duration.ofSeconds(1);

    static final Duration TUNNEL_TIMEOUT = Duration.ofSeconds(15);
    static final Duration WARM_TIMEOUT = Duration.ofSeconds(10);
    /** Time to schedule the timeline before scenario time 0. */
    static final Duration LEAD = Duration.ofMillis(200);
    /**
     * Traffic through the tunnel before scenario time 0, not measured: the packet path's first seconds in a JVM run
     * interpreted code, and whichever strategy ran first would pay for it.
     */
    static final Duration WARM_UP = Duration.ofSeconds(2);
    /** Warm-up flows are numbered from here, so the receivers ignore their echoes. */
    private static final int WARM_UP_FLOWS = 1000;
    /** Echoes still in flight when the traffic stops get this long to arrive. */
    static final Duration DRAIN = Duration.ofSeconds(1);

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
    private static final int PACKET_QUEUE = 8192;

    private final Scenario scenario;
    private final Mode strategy;
    private final Progress progress;
    private final ScenarioClock clock = new ScenarioClock();
    private final List<FlowLog> logs;
    private final ResourceSampler resources = new ResourceSampler();

    StrategyRun(Scenario scenario, Mode strategy, Progress progress) {
        this.scenario = scenario;
        this.strategy = strategy;
        this.progress = progress;
        this.logs = scenario.flows().stream().map(FlowLog::new).toList();
    }

    StrategyResult run() {
        try (UdpRelay relay = UdpRelay.start(scenario.seed())) {
            return runWith(relay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted", List.of());
        } catch (Exception e) {
            log.debug("{} run failed", strategy.label(), e);
            return failed("cannot set up the run: " + e, List.of());
        } finally {
            progress.done(strategy);
        }
    }

    private StrategyResult runWith(UdpRelay relay) throws Exception {
        Map<String, RelayedLink> links = new LinkedHashMap<>();
        LocalGateway.Options gateway =
                LocalGateway.Options.defaults().withEgress(new GatewayTap(new EchoHost(), logs, clock));
        InMemoryPacketIo io = new InMemoryPacketIo("sim0", AgentDriver.TUNNEL_MTU, PACKET_QUEUE);
        // Each link's path goes through its emulated link in the relay, which forwards to the gateway.
        try (AgentDriver driver = AgentDriver.create(
                strategy,
                scenario.transports(strategy),
                gateway,
                io,
                scenario.links(),
                link -> gatewayAddress -> {
                    RelayedLink relayed = relay.addLink(link.config(), gatewayAddress);
                    if (link.udpBlocked()) {
                        relayed.apply(new LinkAction.BlockUdp(true)); // the network the agent will find
                    }
                    links.put(link.name(), relayed);
                    return relayed.nearAddress();
                },
                clock)) {
            TrafficGenerator traffic = new TrafficGenerator(logs, clock, driver::innerAddress, io::inject);
            io.onWrite(new TrafficReceiver(logs, clock, traffic));
            List<LinkEvent> linkEvents = new ArrayList<>();
            long relayOrigin = System.nanoTime() - relay.nowNanos(); // relay time 0 on System.nanoTime()
            for (RelayedLink link : links.values()) {
                link.addListener(new TimelineForwarder(driver, linkEvents, relayOrigin));
            }
            try {
                driver.start().get(TUNNEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return failed(
                        "the tunnel did not come up within " + TUNNEL_TIMEOUT.toSeconds() + " s: "
                                + (e.getCause() == null ? e : e.getCause()),
                        linkEvents);
            }
            awaitWarmPaths(driver);
            warmUp(driver, io);

            clock.begin(LEAD);
            List<TimelineEvent> timeline = new ArrayList<>(TraceStart.atScenarioStart(scenario.links()));
            timeline.addAll(scenario.events());
            for (TimelineEvent event : timeline) {
                long atRelay = clock.toSystemNanos(event.at().toNanos()) - relayOrigin;
                links.get(event.link()).schedule(atRelay, event.action());
            }
            PathSampler sampler = new PathSampler(scenario.links(), links);
            LongSupplier records = () -> sampler.retainedBytes()
                    + logs.stream().mapToLong(FlowLog::retainedBytes).sum();
            resources.sampleAfterFullGc(clock.getAsLong(), relay.sockets(), records.getAsLong());
            try (traffic) {
                traffic.start();
                sampleUntil(HeapTrend.warmAfter(scenario.duration()).toNanos(), sampler, driver, relay);
                resources.sampleAfterFullGc(clock.getAsLong(), relay.sockets(), records.getAsLong());
                sampleUntil(scenario.duration().toNanos(), sampler, driver, relay);
            }
            sampleUntil(scenario.duration().plus(DRAIN).toNanos(), sampler, driver, relay);
            resources.sampleAfterFullGc(clock.getAsLong(), relay.sockets(), records.getAsLong());
            DriverStatus last = driver.status(STATUS_TIMEOUT);
            return result(null, linkEvents, sampler.results(), last);
        }
    }

    /** Bonded keeps a warm path on every interface; the run starts once they are open, as a laptop's would be. */
    private void awaitWarmPaths(AgentDriver driver) throws InterruptedException {
        int wanted = strategy == Mode.BONDED ? scenario.links().size() : 1;
        long deadline = System.nanoTime() + WARM_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            DriverStatus status = driver.status(STATUS_TIMEOUT);
            long open = status.paths().stream()
                    .filter(p -> !p.state().equals("opening"))
                    .count();
            if (open >= wanted && !status.activePath().equals("-")) {
                return;
            }
            Thread.sleep(50);
        }
        log.warn("{}: not every path was open after {} s; starting anyway", strategy.label(), WARM_TIMEOUT.toSeconds());
    }

    private void warmUp(AgentDriver driver, InMemoryPacketIo io) throws InterruptedException {
        List<FlowLog> unmeasured = scenario.flows().stream()
                .map(f -> new FlowLog(new FlowSpec(
                        f.name(), f.kind(), f.packetsPerSecond(), f.size(), f.window(), Duration.ZERO, WARM_UP)))
                .toList();
        long start = System.nanoTime();
        try (TrafficGenerator warm = new TrafficGenerator(
                unmeasured, WARM_UP_FLOWS, () -> System.nanoTime() - start, driver::innerAddress, io::inject)) {
            warm.start();
            Thread.sleep(WARM_UP.plus(DRAIN).toMillis());
        }
    }

    private void sampleUntil(long endNanos, PathSampler sampler, AgentDriver driver, UdpRelay relay)
            throws InterruptedException {
        // On the sampling grid, so that a call after another keeps the resources' one sample a second.
        long every = SAMPLE_EVERY.toNanos();
        long next = (Math.max(clock.getAsLong(), 0) + every - 1) / every * every;
        while (clock.getAsLong() < endNanos) {
            long wait = next - clock.getAsLong();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long now = clock.getAsLong();
            DriverStatus status = driver.status(STATUS_TIMEOUT);
            sampler.sample(now, status);
            if (next % RESOURCES_EVERY.toNanos() < SAMPLE_EVERY.toNanos()) {
                resources.sample(now, relay.sockets());
            }
            progress.update(
                    strategy,
                    now / 1e9,
                    scenario.duration().toMillis() / 1e3,
                    status.activePath(),
                    logs.stream().mapToLong(FlowLog::sentCount).sum(),
                    logs.stream().mapToLong(FlowLog::deliveredCount).sum());
            next += SAMPLE_EVERY.toNanos();
        }
    }

    private StrategyResult result(
            String error, List<LinkEvent> linkEvents, List<PathResult> paths, DriverStatus status) {
        List<FlowResult> flows = logs.stream().map(FlowAnalyzer::analyze).toList();
        List<LinkEvent> events;
        synchronized (linkEvents) {
            events = List.copyOf(linkEvents);
        }
        return new StrategyResult(
                strategy,
                error,
                flows,
                HandoverRecord.until(status.handovers(), scenario.duration()),
                status.sessionResets(),
                status.addressChanges(),
                paths,
                events,
                0,
                List.of(),
                resources.samples(),
                Optional.empty());
    }

    private StrategyResult failed(String error, List<LinkEvent> linkEvents) {
        log.warn("{}: {}", strategy.label(), error);
        return result(error, linkEvents, List.of(), DriverStatus.NONE);
    }

    /**
     * Runs on the relay's thread: passes a link's interface events to the agent the moment the link applies them
     * (a silent blackhole raises none) and records every action on the scenario's time axis.
     */
    private final class TimelineForwarder implements LinkListener {
        private final AgentDriver driver;
        private final List<LinkEvent> events;
        private final long relayOrigin;

        TimelineForwarder(AgentDriver driver, List<LinkEvent> events, long relayOrigin) {
            this.driver = driver;
            this.events = events;
            this.relayOrigin = relayOrigin;
        }

        @Override
        public void onInterfaceEvent(InterfaceEvent event) {
            driver.interfaceEvent(event.link(), event.present());
        }

        @Override
        public void onAction(AppliedAction applied) {
            double atMillis = clock.fromSystemNanos(applied.atNanos() + relayOrigin) / 1e6;
            synchronized (events) {
                events.add(new LinkEvent(atMillis, applied.link(), describe(applied.action())));
            }
        }
    }

    /** The YAML spelling of an action, for reports. */
    static String describe(LinkAction action) {
        if (action instanceof LinkAction.Up) {
            return "up";
        } else if (action instanceof LinkAction.Down) {
            return "down";
        } else if (action instanceof LinkAction.Blackhole) {
            return "blackhole";
        } else if (action instanceof LinkAction.Fade fade) {
            return "fade over " + fade.over().toMillis() / 1e3 + " s";
        } else if (action instanceof LinkAction.Rebind rebind) {
            return rebind.kind() == LinkAction.Rebind.Kind.NEW_PORT ? "nat-rebind port" : "nat-rebind address";
        } else if (action instanceof LinkAction.BlockUdp block) {
            return block.blocked() ? "block-udp" : "unblock-udp";
        }
        return "trace-swap " + ((LinkAction.SetRate) action).direction().name().toLowerCase(Locale.ROOT);
    }
}
