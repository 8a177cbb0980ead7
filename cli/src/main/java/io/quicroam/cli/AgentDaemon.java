package io.quicroam.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.ClockJumpDetector;
import io.quicroam.agent.HandoverMeters;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.cli.control.EventHub;
import io.quicroam.cli.control.JsonText;
import io.quicroam.cli.control.PathEvents;
import io.quicroam.cli.control.StatusJson;
import io.quicroam.pathmanager.time.ExecutorTimeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything around a running agent that makes it a daemon: the control socket ({@code status}, {@code reload},
 * {@code watch}), path and handover events, the metrics (handover histogram, session gauges, the optional
 * Prometheus endpoint) and sleep/resume detection, which makes every path re-probe at once.
 */
final class AgentDaemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentDaemon.class);
    /**
     * How often the agent's status is asked for when it reports no change (it reports path, session and address
     * changes as they happen): catches what no report names, without waking an idle agent every second.
     */
    static final Duration STATUS_POLL = Duration.ofSeconds(30);
    /** How long a control-socket client waits for the agent's status before it is told the agent is stuck. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

    private final ControlServer control;
    private final StatusPoller poller;
    private final ExecutorTimeSource clockThread;
    private final ClockJumpDetector sleepDetector;
    private final MetricsServer metrics;
    private final AgentReloader reloader;
    private final AgentEvents events;
    private boolean closed;

    private AgentDaemon(
            ControlServer control,
            StatusPoller poller,
            ExecutorTimeSource clockThread,
            ClockJumpDetector sleepDetector,
            MetricsServer metrics,
            AgentReloader reloader,
            AgentEvents events) {
        this.control = control;
        this.poller = poller;
        this.clockThread = clockThread;
        this.sleepDetector = sleepDetector;
        this.metrics = metrics;
        this.reloader = reloader;
        this.events = events;
    }

    /**
     * Starts it all around {@code agent} (before {@code agent.start()}, so the first events are seen).
     *
     * @param registry the registry the agent was built with; served when {@code file.service()} names an endpoint
     * @param socket   the control socket
     * @param tunnel   where reloaded split-tunnel prefixes and name servers go
     */
    static AgentDaemon start(
            Agent agent, AgentFile file, MeterRegistry registry, Path socket, AgentReloader.LiveTunnel tunnel)
            throws IOException {
        agent.addListener(new HandoverMeters(registry));
        EventHub hub = new EventHub(() -> {
            ObjectNode snapshot = PathEvents.event("status");
            snapshot.setAll(StatusJson.of(statusWithin(agent)));
            return JsonText.of(snapshot);
        });
        AgentEvents events = new AgentEvents(hub, Clock.systemUTC());
        agent.addListener(events);
        StatusPoller poller = new StatusPoller(agent::status, STATUS_POLL, events);
        agent.addListener(poller);
        SessionGauges.register(registry, poller::latest);
        AgentReloader reloader =
                new AgentReloader(file, ConfigKeys.read(file.file()), tunnel, agent::reconfigure, agent::reloadToken);
        // An unsafe or taken socket path stops the daemon before the sleep detector and metrics endpoint start.
        ControlServer control = ControlServer.start(
                socket,
                request -> switch (request) {
                    case "status" -> StatusJson.render(statusWithin(agent));
                    case "reload" -> JsonText.of(reload(reloader, events));
                    default -> "{\"error\":\"unknown request; known: status, reload, watch\"}";
                },
                hub);
        ExecutorTimeSource clockThread = new ExecutorTimeSource("quicroam-clock");
        ClockJumpDetector sleepDetector = new ClockJumpDetector(
                        Clock.systemUTC(),
                        clockThread,
                        ClockJumpDetector.DEFAULT_INTERVAL,
                        ClockJumpDetector.DEFAULT_THRESHOLD,
                        away -> {
                            agent.reprobeAll();
                            events.resumed(away);
                        })
                .start();
        MetricsServer metrics = MetricsServer.startIfEnabled(file.service().metricsListen(), registry);
        if (metrics != null) {
            log.info(
                    "Prometheus metrics on loopback port {} at /metrics",
                    metrics.address().getPort());
        }
        return new AgentDaemon(control, poller, clockThread, sleepDetector, metrics, reloader, events);
    }

    /** The agent's status, answered on its path manager's thread; a stuck agent is an error, not a hung client. */
    private static AgentStatus statusWithin(Agent agent) {
        try {
            return agent.status().get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the agent did not answer within " + STATUS_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "status failed: " + e.getCause().getClass().getSimpleName());
        }
    }

    /** Reads the configuration again and applies what can change while running (SIGHUP, {@code quicroam reload}). */
    ObjectNode reload() {
        return reload(reloader, events);
    }

    private static ObjectNode reload(AgentReloader reloader, AgentEvents events) {
        ObjectNode result = reloader.reload();
        events.reloaded(result);
        return result;
    }

    /** The metrics endpoint, or null when it is off. */
    MetricsServer metrics() {
        return metrics;
    }

    /** The last status the daemon polled (what gauges and path events are based on), or null before the first. */
    AgentStatus latestStatus() {
        return poller.latest();
    }

    Path controlSocket() {
        return control.path();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        control.close();
        if (metrics != null) {
            metrics.close();
        }
        sleepDetector.close();
        clockThread.close();
        poller.close();
    }
}
