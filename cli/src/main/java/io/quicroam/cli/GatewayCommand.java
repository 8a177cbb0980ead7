package io.quicroam.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.config.ConfigException;
import io.quicroam.gateway.Gateway;
import io.quicroam.gateway.GatewayServer;
import io.quicroam.gateway.egress.Egresses;
import io.quicroam.linux.LibC;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.QuicTuning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code quicroam gateway -c gateway.yaml}: runs the CONNECT-IP gateway in the foreground. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = "Run the CONNECT-IP gateway (RFC 9484) in the foreground until interrupted. SIGHUP re-reads the"
                + " tokens file and ends the sessions of clients it no longer names.")
final class GatewayCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "Gateway configuration (YAML); see configs/gateway.yaml and docs/configuration.md.")
    Path config;

    @Option(names = "--check", description = "Validate the configuration, print any warnings, and exit.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        GatewayFile file;
        try {
            int euid = LibC.geteuid();
            RootFiles.check(config, "the configuration", euid);
            file = GatewayFile.load(config);
            RootFiles.checkAll(file.trustedFiles(), euid);
            FileContents.check(file.gateway());
        } catch (ConfigException | RootFiles.Unsafe e) {
            System.err.println("quicroam gateway: " + e.getMessage());
            return 2;
        } catch (FileContents.Invalid e) {
            System.err.println("quicroam gateway: " + config + ": " + e.getMessage());
            return 2;
        }
        file.warnings().forEach(warning -> System.err.println("quicroam gateway: warning: " + warning));
        if (check) {
            System.out.println(config + ": OK"
                    + (file.warnings().isEmpty() ? "" : " (" + file.warnings().size() + " warning(s))"));
            return 0;
        }
        file.service().logLevel().apply();
        PacketIo egress;
        try {
            egress = Egresses.open(file.gateway());
        } catch (Egresses.Unavailable e) {
            System.err.println("quicroam gateway: " + e.getMessage());
            return 3;
        }
        MeterRegistry registry = MetricsServer.registryFor(file.service());
        Gateway gateway = new Gateway(file.gateway(), egress, registry);
        GatewayServer server = GatewayServer.start(gateway, QuicTuning.defaults());
        MetricsServer metrics = MetricsServer.startIfEnabled(file.service().metricsListen(), registry);
        if (metrics != null) {
            log.info(
                    "Prometheus metrics on loopback port {} at /metrics",
                    metrics.address().getPort());
        }
        Signal.handle(new Signal("HUP"), signal -> reloadTokens(gateway));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (metrics != null) {
                                metrics.close();
                            }
                            server.close();
                            stopped.countDown();
                        },
                        "quicroam-shutdown"));
        stopped.await();
        return 0;
    }

    /** SIGHUP: revokes the clients the tokens file no longer names; a bad file changes nothing. */
    private static void reloadTokens(Gateway gateway) {
        try {
            gateway.reloadTokens();
        } catch (IllegalStateException e) {
            log.warn("SIGHUP: {}; nothing to reload", e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("SIGHUP: tokens file not reloaded, the old one stays in force: {}", e.getMessage());
        }
    }
}
