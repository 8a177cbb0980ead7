package io.quicroam.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.LinuxTun;
import io.quicroam.agent.StartupPhases;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.config.ConfigException;
import io.quicroam.linux.LibC;
import io.quicroam.pathmanager.InterfaceMonitors;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code quicroam agent -c agent.yaml}: runs the tunnel agent in the foreground. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "Run the tunnel agent in the foreground: a TUN device whose packets travel through a "
                + "CONNECT-IP tunnel. Needs root or CAP_NET_ADMIN and CAP_NET_RAW. SIGHUP (or `quicroam reload`) "
                + "reads the configuration again; SIGTERM or Ctrl-C removes routes and the device and exits.")
final class AgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "Agent configuration (YAML); see configs/agent.yaml and docs/configuration.md.")
    Path config;

    @Option(names = "--check", description = "Validate the configuration, print any warnings, and exit.")
    boolean check;

    @Option(
            names = "--control-socket",
            paramLabel = "PATH",
            description =
                    "Where `quicroam status` reaches this agent (default: control.socket from the "
                            + "configuration, else $XDG_RUNTIME_DIR/quicroam/agent.sock, or /run/quicroam/agent.sock for root).")
    Path controlSocket;

    @Override
    public Integer call() throws Exception {
        AgentFile file;
        try {
            int euid = LibC.geteuid();
            RootFiles.check(config, "the configuration", euid);
            file = AgentFile.load(config);
            RootFiles.checkAll(file.trustedFiles(), euid);
            FileContents.check(file.agent());
        } catch (ConfigException | RootFiles.Unsafe e) {
            System.err.println("quicroam agent: " + e.getMessage());
            return 2;
        } catch (FileContents.Invalid e) {
            System.err.println("quicroam agent: " + config + ": " + e.getMessage());
            return 2;
        }
        file.warnings().forEach(warning -> System.err.println("quicroam agent: warning: " + warning));
        if (check) {
            System.out.println(config + ": OK"
                    + (file.warnings().isEmpty() ? "" : " (" + file.warnings().size() + " warning(s))"));
            return 0;
        }
        file.service().logLevel().apply();
        StartupPhases.reached("configuration read");
        AgentConfig agentConfig = file.agent();
        LinuxTun tun;
        try {
            tun = LinuxTun.open(agentConfig.tunnel(), agentConfig.dns());
        } catch (LinuxTun.Unavailable e) {
            System.err.println("quicroam agent: " + e.getMessage());
            return 3;
        }
        StartupPhases.reached("TUN device created");
        MeterRegistry registry = MetricsServer.registryFor(file.service());
        Agent agent = Agent.builder(agentConfig)
                .packetIo(tun.packetIo())
                .device(tun.device())
                .interfaces(InterfaceMonitors.forThisHost(Clock.systemUTC()))
                .registry(registry)
                .build();
        Path socket = controlSocket != null
                ? controlSocket
                : file.controlSocket() != null ? file.controlSocket() : ControlServer.defaultPath();
        AgentDaemon daemon;
        try {
            daemon = AgentDaemon.start(agent, file, registry, socket, tun::reconfigure);
        } catch (IOException e) {
            agent.close();
            System.err.println("quicroam agent: " + e.getMessage()); // the control socket's place is unsafe or taken
            return 2;
        }
        Signal.handle(new Signal("HUP"), signal -> daemon.reload());
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT: close the tunnel, remove routes, addresses and DNS, delete the device.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            daemon.close();
                            agent.close();
                            stopped.countDown();
                        },
                        "quicroam-shutdown"));
        try {
            agent.start().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.err.println(
                    "quicroam agent: cannot open the tunnel: " + e.getCause().getMessage());
            return 1;
        } catch (TimeoutException e) {
            System.err.println("quicroam agent: no answer from the proxy within 30 s");
            return 1;
        }
        log.info(
                "tunnel up; `quicroam status` asks this agent, SIGHUP or `quicroam reload` re-reads {}",
                config.getFileName());
        // Until a signal stops it, or the agent gives the session up (no path can carry the tunnel).
        agent.stopped().thenRun(stopped::countDown);
        stopped.await();
        if (agent.stopped().isDone()) {
            System.err.println("quicroam agent: stopped: " + agent.stopped().join());
            return 1;
        }
        return 0;
    }
}
