package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;

import java.nio.file.Path;

/** Everything an agent needs, read from {@code agent.yaml}. See {@code configs/agent.yaml} for every key. */
public record AgentConfig(ServerConfig server, TunnelConfig tunnel) {

    public static AgentConfig load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        AgentConfig config = from(root);
        root.finish();
        return config;
    }

    /** Reads the agent's keys of {@code root}; the caller calls {@link ConfigMap#finish()}. */
    public static AgentConfig from(ConfigMap root) throws ConfigException {
        ConfigMap server = root.map("server").orElseThrow(() -> root.error("server",
                "a 'server:' section with at least 'url:' (required)"));
        return new AgentConfig(ServerConfig.from(server), TunnelConfig.from(root.mapOrEmpty("tunnel")));
    }
}
