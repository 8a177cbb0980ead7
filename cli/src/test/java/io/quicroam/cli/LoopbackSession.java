package io.quicroam.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.agent.Agent;
import io.quicroam.agent.DnsConfig;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.agent.TunnelConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackInterfaces;
import io.quicroam.testkit.LoopbackRig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A gateway and an agent daemon in one JVM on loopback, as {@code quicroam agent} runs them: an agent.yaml on disk,
 * Wi-Fi from 127.0.0.2 and LTE from 127.0.0.3, in-memory packets instead of a TUN device, Prometheus registries,
 * the control socket in a temporary directory. Split-tunnel and DNS reloads are recorded, not applied.
 */
final class LoopbackSession implements AutoCloseable {
    final PrometheusMeterRegistry gatewayRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PrometheusMeterRegistry agentRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Path configFile;
    final InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1280, 4096);
    final LoopbackInterfaces interfaces;
    final Agent agent;
    final AgentDaemon daemon;
    final List<String> tunnelReconfigurations = new ArrayList<>();
    final TunnelAssignment assignment;
    final LoopbackRig rig;
    private AgentFile file;
    private int sequence;

    LoopbackSession(Path dir, String extraYaml) throws Exception {
        this(dir, extraYaml, LoopbackRig.Route.DIRECT);
    }

    /** The same, with LTE's packets sent where {@code lteRoute} says (e.g. through a relay that counts them). */
    LoopbackSession(Path dir, String extraYaml, LoopbackRig.Route lteRoute) throws Exception {
        this(dir, LocalGateway.Options.defaults(), "", extraYaml, lteRoute);
    }

    /**
     * A gateway started with {@code gatewayOptions} (e.g. bearer tokens) and {@code serverYaml} (indented lines) added
     * to agent.yaml's {@code server} section.
     */
    LoopbackSession(Path dir, LocalGateway.Options gatewayOptions, String serverYaml, String extraYaml)
            throws Exception {
        this(dir, gatewayOptions, serverYaml, extraYaml, LoopbackRig.Route.DIRECT);
    }

    private LoopbackSession(
            Path dir,
            LocalGateway.Options gatewayOptions,
            String serverYaml,
            String extraYaml,
            LoopbackRig.Route lteRoute)
            throws Exception {
        configFile = dir.resolve("agent.yaml");
        rig = LoopbackRig.withGateway(gatewayOptions)
                .gatewayRegistry(gatewayRegistry)
                .agentRegistry(agentRegistry)
                .packetIo(io)
                .iface("wlan0", InterfaceClass.WIFI, IpAddresses.parse("127.0.0.2"))
                .iface("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("127.0.0.3"), lteRoute)
                .config(gateway -> agentFile(gateway, serverYaml, extraYaml).agent())
                .start();
        interfaces = rig.interfaces();
        agent = rig.agent();
        AgentDaemon started = null;
        try {
            started = AgentDaemon.start(
                    agent,
                    file,
                    agentRegistry,
                    dir.resolve("run").resolve("agent.sock"),
                    (TunnelConfig split, DnsConfig dns) ->
                            tunnelReconfigurations.add(split.exclude() + " " + dns.servers()));
            assignment = rig.connect();
        } catch (Exception e) {
            if (started != null) {
                started.close();
            }
            rig.close();
            throw e;
        }
        daemon = started;
    }

    /** The agent.yaml {@code quicroam agent} would read for this gateway, written to {@link #configFile}. */
    private AgentFile agentFile(LocalGateway gateway, String serverYaml, String extraYaml) {
        try {
            Files.writeString(
                    configFile,
                    "server:\n"
                            + "  url: \"" + gateway.template() + "\"\n"
                            + "  ca-file: \"" + gateway.caFile() + "\"\n"
                            + serverYaml
                            + "tunnel:\n  device: mem0\n"
                            + "metrics:\n  listen: 127.0.0.1:0\n"
                            + extraYaml);
            file = AgentFile.load(configFile);
            return file;
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("cannot write or read " + configFile, e);
        }
    }

    /** The session's IPv4 address. */
    InetAddress innerV4() {
        return assignment.addresses().stream()
                .map(a -> a.prefix().address())
                .filter(a -> a.getAddress().length == 4)
                .findFirst()
                .orElseThrow();
    }

    /** Sends {@code count} pings from {@code source} through the tunnel; returns how many echo replies came back. */
    int ping(InetAddress source, int count) throws InterruptedException {
        int replies = 0;
        for (int i = 0; i < count; i++) {
            io.inject(IpPacketBuilder.icmpEcho(
                    source, IpAddresses.parse("198.51.100.7"), 0x5152, ++sequence, new byte[56], false));
            ByteBuf reply = io.poll(Duration.ofMillis(500));
            if (reply != null) {
                replies++;
                reply.release();
            }
        }
        return replies;
    }

    /** GET {@code /metrics} of the endpoint at {@code port}. */
    static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics: " + response.statusCode());
        }
        return response.body();
    }

    /** Polls {@code condition} every 50 ms for at most {@code seconds}; whether it came true. */
    static boolean within(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        daemon.close();
        rig.close();
    }
}
