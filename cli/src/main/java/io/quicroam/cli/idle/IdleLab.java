package io.quicroam.cli.idle;

import io.quicroam.linux.CommandException;
import io.quicroam.linux.Ip;
import io.quicroam.linux.NetworkNamespace;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A laptop namespace with Wi-Fi ({@code wlan0}) and LTE ({@code wwan0}) veths to a gateway namespace whose loopback
 * holds the gateway's address, as scripts/netns-lab.sh builds it but self-contained (the bench runs from an installed
 * jar) and IPv4 only: IPv6 is off in both namespaces, so router and multicast listener chatter does not count as the
 * agent's bytes. Nothing is added to the root namespace; {@link #close()} stops the processes (by PID) and deletes
 * the namespaces, whatever happened.
 */
final class IdleLab implements AutoCloseable {
    static final String GATEWAY_ADDRESS = "198.18.0.1";
    /** The agent's TUN device in the laptop namespace. */
    static final String TUN = "qr0";

    static final String WIFI = "wlan0";
    static final String LTE = "wwan0";

    /** A host behind the gateway ({@link #addServer}), reached through the gateway's egress. */
    static final String SERVER_ADDRESS = "198.19.0.2";

    private final String prefix;
    private final NetworkNamespace laptop;
    private final NetworkNamespace gateway;
    private NetworkNamespace server;
    private final List<Process> processes = new ArrayList<>();

    /** Builds the lab; namespaces are {@code PREFIX-laptop} and {@code PREFIX-gw}. */
    IdleLab(String prefix) throws IOException {
        this.prefix = prefix;
        for (String stale : List.of(prefix + "-laptop", prefix + "-gw", prefix + "-srv")) {
            if (NetworkNamespace.RUN_DIR.resolve(stale).toFile().exists()) {
                Ip.host().tryRun("netns", "delete", stale); // left by a run that was killed
            }
        }
        laptop = NetworkNamespace.create(prefix + "-laptop");
        NetworkNamespace gw;
        try {
            gw = NetworkNamespace.create(prefix + "-gw");
        } catch (CommandException e) {
            laptop.close();
            throw e;
        }
        gateway = gw;
        try {
            build();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void build() throws IOException {
        for (NetworkNamespace ns : List.of(laptop, gateway)) {
            sysctl(ns, "net.ipv6.conf.all.disable_ipv6=1");
            sysctl(ns, "net.ipv6.conf.default.disable_ipv6=1");
            ns.ip().run("link", "set", "lo", "up");
        }
        link(WIFI, "wlan-gw", "198.18.1");
        link(LTE, "wwan-gw", "198.18.2");
        gateway.ip().run("addr", "add", GATEWAY_ADDRESS + "/32", "dev", "lo");
        // Wi-Fi preferred, LTE a second route: each path's socket is pinned to its interface, so both are used.
        laptop.ip().run("route", "add", GATEWAY_ADDRESS + "/32", "via", "198.18.1.1", "dev", WIFI, "metric", "100");
        laptop.ip().run("route", "add", GATEWAY_ADDRESS + "/32", "via", "198.18.2.1", "dev", LTE, "metric", "200");
    }

    private void link(String laptopSide, String gatewaySide, String subnet) throws CommandException {
        Ip.host()
                .run(
                        "link",
                        "add",
                        laptopSide,
                        "netns",
                        laptop.name(),
                        "type",
                        "veth",
                        "peer",
                        "name",
                        gatewaySide,
                        "netns",
                        gateway.name());
        laptop.ip().run("addr", "add", subnet + ".2/24", "dev", laptopSide);
        gateway.ip().run("addr", "add", subnet + ".1/24", "dev", gatewaySide);
        laptop.ip().run("link", "set", laptopSide, "up");
        gateway.ip().run("link", "set", gatewaySide, "up");
    }

    /**
     * A third namespace, {@code PREFIX-srv}, at {@link #SERVER_ADDRESS} behind the gateway's namespace (a veth,
     * 198.19.0.0/24), which forwards: what a gateway with {@code egress: tun} sends into its kernel reaches it.
     */
    NetworkNamespace addServer() throws IOException {
        server = NetworkNamespace.create(prefix + "-srv");
        sysctl(server, "net.ipv6.conf.all.disable_ipv6=1");
        sysctl(gateway, "net.ipv4.ip_forward=1");
        server.ip().run("link", "set", "lo", "up");
        Ip.host()
                .run(
                        "link",
                        "add",
                        "srv0",
                        "netns",
                        server.name(),
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "srv-gw",
                        "netns",
                        gateway.name());
        server.ip().run("addr", "add", SERVER_ADDRESS + "/24", "dev", "srv0");
        gateway.ip().run("addr", "add", "198.19.0.1/24", "dev", "srv-gw");
        server.ip().run("link", "set", "srv0", "up");
        gateway.ip().run("link", "set", "srv-gw", "up");
        server.ip().run("route", "add", "default", "via", "198.19.0.1");
        return server;
    }

    /**
     * The lab's gateway.yaml (egress {@code egress}), agent.yaml (bonded over Wi-Fi and LTE; {@code tunnelOptions}
     * appended to the {@code tunnel:} map, e.g. {@code ", mtu: 1280"}) and their token files in {@code dir}.
     */
    static void writeConfigs(Path dir, String token, String egress, String tunnelOptions) throws IOException {
        String url = "https://" + GATEWAY_ADDRESS + ":4433/.well-known/masque/ip/{target}/{ipproto}/";
        Files.writeString(dir.resolve("tokens.txt"), "laptop " + token + "\n");
        Files.writeString(dir.resolve("token.txt"), token);
        for (String file : List.of("tokens.txt", "token.txt")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: "%s:4433"
                template: "%s"
                state-dir: state
                tokens-file: tokens.txt
                pool: {ipv4: "100.64.0.0/16", ipv6: none}
                routes: ["198.19.0.0/24"]
                egress: %s
                """.formatted(GATEWAY_ADDRESS, url, egress));
        Files.writeString(
                dir.resolve("agent.yaml"), """
                server:
                  url: "%s"
                  ca-file: state/gateway-%s-cert.pem
                  token-file: token.txt
                mode: bonded
                tunnel: {device: %s%s}
                interfaces:
                  %s: {class: wifi}
                  %s: {class: cellular}
                """.formatted(url, GATEWAY_ADDRESS, TUN, tunnelOptions, WIFI, LTE));
    }

    private static void sysctl(NetworkNamespace ns, String setting) throws CommandException {
        var result = ns.exec("sysctl", "-qw", setting);
        if (!result.succeeded()) {
            throw new CommandException(
                    result.command(),
                    "exit status " + result.exitCode() + ": " + result.stderr().strip());
        }
    }

    NetworkNamespace laptop() {
        return laptop;
    }

    NetworkNamespace gateway() {
        return gateway;
    }

    /** Starts {@code command} inside {@code ns} ({@code ip netns exec} execs it: the PID is the command's). */
    Process start(NetworkNamespace ns, Path dir, String log, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        argv.addAll(command);
        Process process = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile())
                .start();
        processes.add(process);
        return process;
    }

    /** Bytes received plus sent on the laptop's {@code device} so far (the kernel's counters). */
    long bytes(String device) throws IOException {
        var result = laptop.exec("cat", "/proc/net/dev");
        for (String line : result.stdout().lines().toList()) {
            String[] split = line.strip().split(":", 2);
            if (split.length == 2 && split[0].equals(device)) {
                String[] fields = split[1].strip().split("\\s+");
                return Long.parseLong(fields[0]) + Long.parseLong(fields[8]);
            }
        }
        throw new IOException("no device " + device + " in " + laptop);
    }

    /** Whether the laptop's {@code device} exists and has an IPv4 address (read from inside its namespace). */
    boolean hasIpv4Address(String device) throws IOException {
        return laptop.call(() -> {
            try {
                NetworkInterface ni = NetworkInterface.getByName(device);
                return ni != null && ni.inetAddresses().anyMatch(a -> a.getAddress().length == 4);
            } catch (SocketException e) {
                return false;
            }
        });
    }

    @Override
    public void close() throws IOException {
        try {
            for (Process process : processes) {
                process.destroy(); // SIGTERM, to its PID: the agent removes its routes and device
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            try {
                laptop.close();
            } finally {
                try {
                    if (gateway != null) {
                        gateway.close();
                    }
                } finally {
                    if (server != null) {
                        server.close();
                    }
                }
            }
        }
    }
}
