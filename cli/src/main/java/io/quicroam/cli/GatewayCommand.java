package io.quicroam.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.config.ConfigException;
import io.quicroam.gateway.Gateway;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.GatewayServer;
import io.quicroam.gateway.egress.Egresses;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.QuicTuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code quicroam gateway -c gateway.yaml}: runs the CONNECT-IP gateway in the foreground. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run the CONNECT-IP gateway (RFC 9484) in the foreground until interrupted.")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Gateway configuration (YAML); see configs/gateway.yaml.")
    Path config;

    @Option(names = "--check", description = "Validate the configuration and exit.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        GatewayConfig gatewayConfig;
        try {
            gatewayConfig = GatewayConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("quicroam gateway: " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println(config + ": OK");
            return 0;
        }
        PacketIo egress;
        try {
            egress = Egresses.open(gatewayConfig);
        } catch (Egresses.Unavailable e) {
            System.err.println("quicroam gateway: " + e.getMessage());
            return 3;
        }
        Gateway gateway = new Gateway(gatewayConfig, egress, new SimpleMeterRegistry());
        GatewayServer server = GatewayServer.start(gateway, QuicTuning.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "quicroam-shutdown"));
        stopped.await();
        return 0;
    }
}
