package io.quicroam.cli;

import io.quicroam.agent.Agent;
import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.LinuxTun;
import io.quicroam.cli.control.ControlServer;
import io.quicroam.cli.control.StatusJson;
import io.quicroam.config.ConfigException;
import io.quicroam.pathmanager.InterfaceMonitors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code quicroam agent -c agent.yaml}: runs the tunnel agent in the foreground. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the tunnel agent in the foreground: a TUN device whose packets travel through a "
                + "CONNECT-IP tunnel. Needs root or CAP_NET_ADMIN.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Agent configuration (YAML); see configs/agent.yaml.")
    Path config;

    @Option(names = "--check", description = "Validate the configuration and exit.")
    boolean check;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "Where `quicroam status` reaches this agent (default: ${DEFAULT-VALUE}).")
    Path controlSocket = ControlServer.defaultPath();

    @Override
    public Integer call() throws Exception {
        AgentConfig agentConfig;
        try {
            agentConfig = AgentConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("quicroam agent: " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println(config + ": OK");
            return 0;
        }
        LinuxTun tun;
        try {
            tun = LinuxTun.open(agentConfig.tunnel());
        } catch (LinuxTun.Unavailable e) {
            System.err.println("quicroam agent: " + e.getMessage());
            return 3;
        }
        Agent agent = Agent.builder(agentConfig).packetIo(tun.packetIo()).device(tun.device())
                .interfaces(InterfaceMonitors.forThisHost(Clock.systemUTC())).build();
        CountDownLatch stopped = new CountDownLatch(1);
        ControlServer control = ControlServer.start(controlSocket, request -> request.equals("status")
                ? StatusJson.render(agent.status().join()) : "{\"error\":\"unknown request\"}");
        // SIGTERM and SIGINT: close the tunnel, remove routes and addresses, delete the device.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            agent.close();
            stopped.countDown();
        }, "quicroam-shutdown"));
        try {
            agent.start().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.err.println("quicroam agent: cannot open the tunnel: " + e.getCause().getMessage());
            return 1;
        } catch (TimeoutException e) {
            System.err.println("quicroam agent: no answer from the proxy within 30 s");
            return 1;
        }
        stopped.await();
        return 0;
    }
}
