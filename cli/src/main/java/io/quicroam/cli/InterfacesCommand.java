package io.quicroam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.agent.AgentConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.pathmanager.InterfaceMonitors;
import io.quicroam.pathmanager.iface.InterfaceListing;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quicroam interfaces}: what the agent would make of this machine's interfaces. */
@Command(
        name = "interfaces",
        mixinStandardHelpOptions = true,
        description = "List network interfaces with their class, addresses, carrier and whether a path would be "
                + "opened on them; --watch prints every change as it happens.")
final class InterfacesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Agent configuration whose interfaces: and policy: apply.")
    Path config;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--watch", description = "After the list, print each change event until interrupted.")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        InterfacePolicies policies;
        try {
            policies = (config == null
                            ? PathManagerConfig.defaults().withTunnelDevice("qr0")
                            : AgentConfig.load(config).paths())
                    .interfaces();
        } catch (ConfigException e) {
            System.err.println("quicroam interfaces: " + e.getMessage());
            return 2;
        }
        InterfaceMonitor monitor = InterfaceMonitors.forThisHost(Clock.systemUTC());
        InterfaceListing listing = new InterfaceListing(policies, monitor.classifier());
        Object lock = new Object();
        boolean[] listed = {false};
        monitor.start(change -> {
            synchronized (lock) {
                InterfaceListing.ChangeRecord record = listing.apply(change);
                if (listed[0] && record != null) {
                    print(record.toMap(), record.format());
                }
            }
        });
        Thread.sleep(300); // the monitor's initial dump arrives as changes
        synchronized (lock) {
            for (InterfaceListing.InterfaceRecord record : listing.interfaces()) {
                print(record.toMap(), record.format());
            }
            listed[0] = true;
        }
        if (!watch) {
            monitor.close();
            return 0;
        }
        CountDownLatch interrupted = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            monitor.close();
            interrupted.countDown();
        }));
        interrupted.await();
        return 0;
    }

    private void print(Object map, String line) {
        try {
            System.out.println(json ? JSON.writeValueAsString(map) : line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        System.out.flush();
    }
}
