package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.transport.TlsGroups;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything an agent needs, read from {@code agent.yaml}. See {@code configs/agent.yaml} for every key.
 *
 * @param server  how to reach the proxy
 * @param tunnel  the TUN device and split tunnelling
 * @param paths   interfaces, policy and probes (the path manager's keys: {@link PathManagerConfig#OWNED_KEYS})
 * @param mode    how paths carry the session: bonded (quicroam gateway), migrate (any RFC 9484 proxy), reconnect
 * @param dns     name servers for the tunnel link, or {@link DnsConfig#NONE}
 * @param transports what carries each interface's path: QUIC, HTTP/2, or QUIC with HTTP/2 beside it
 */
public record AgentConfig(
        ServerConfig server,
        TunnelConfig tunnel,
        PathManagerConfig paths,
        Agent.Mode mode,
        DnsConfig dns,
        TransportConfig transports) {

    /**
     * Top-level keys the {@code quicroam agent} daemon reads itself (metrics endpoint, log level, control socket):
     * {@link #load} accepts them without looking inside; {@code quicroam agent --check} validates them.
     */
    public static final List<String> DAEMON_KEYS = List.of("metrics", "logging", "control");

    /** A configuration with default paths, the bonded mode and no DNS. */
    public AgentConfig(ServerConfig server, TunnelConfig tunnel) {
        this(server, tunnel, PathManagerConfig.defaults().withTunnelDevice(tunnel.device()), Agent.Mode.BONDED);
    }

    /** A configuration whose paths are QUIC's. */
    public AgentConfig(
            ServerConfig server, TunnelConfig tunnel, PathManagerConfig paths, Agent.Mode mode, DnsConfig dns) {
        this(server, tunnel, paths, mode, dns, TransportConfig.DEFAULT);
    }

    /** A configuration that leaves DNS alone. */
    public AgentConfig(ServerConfig server, TunnelConfig tunnel, PathManagerConfig paths, Agent.Mode mode) {
        this(server, tunnel, paths, mode, DnsConfig.NONE);
    }

    public AgentConfig withMode(Agent.Mode newMode) {
        return new AgentConfig(server, tunnel, paths, newMode, dns, transports);
    }

    public AgentConfig withPaths(PathManagerConfig newPaths) {
        return new AgentConfig(server, tunnel, newPaths, mode, dns, transports);
    }

    public AgentConfig withTransports(TransportConfig newTransports) {
        return new AgentConfig(server, tunnel, paths, mode, dns, newTransports);
    }

    /** Reads an agent.yaml; the {@link #DAEMON_KEYS} sections are left to the daemon. */
    public static AgentConfig load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        AgentConfig config = from(root);
        DAEMON_KEYS.forEach(root::has);
        root.finish();
        return config;
    }

    /** Reads the agent's keys of {@code root}; the caller calls {@link ConfigMap#finish()}. */
    public static AgentConfig from(ConfigMap root) throws ConfigException {
        ConfigMap server = root.map("server")
                .orElseThrow(() -> root.error("server", "a 'server:' section with at least 'url:' (required)"));
        ConfigMap tls = root.mapOrEmpty("tls");
        ServerConfig serverConfig = ServerConfig.from(server)
                .withTlsGroups(new TlsGroups(tls.choiceList("groups", TlsGroups.KNOWN, TlsGroups.DEFAULT.names())));
        tls.finish();
        TunnelConfig tunnel = TunnelConfig.from(root.mapOrEmpty("tunnel"));
        Agent.Mode mode = root.choice("mode", Agent.Mode.class, Agent.Mode.BONDED);
        DnsConfig dns = DnsConfig.from(root.mapOrEmpty("dns"));
        PathManagerConfig paths = PathManagerConfig.from(root).withTunnelDevice(tunnel.device());
        TransportConfig transports = TransportConfig.from(root);
        if (mode != Agent.Mode.BONDED && !transports.quicOnly()) {
            // migrate moves one QUIC connection between sockets, reconnect watches QUIC's own packets: both need QUIC.
            throw root.error("transport", "quic with mode " + mode.label() + " (HTTP/2 paths need mode: bonded)");
        }
        return new AgentConfig(serverConfig, tunnel, paths, mode, dns, transports);
    }
}
