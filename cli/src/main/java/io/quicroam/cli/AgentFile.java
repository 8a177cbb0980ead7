package io.quicroam.cli;

import io.quicroam.agent.AgentConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * One agent.yaml, validated whole before anything starts: the agent's keys ({@link AgentConfig}), the daemon's
 * ({@link ServiceSettings}, {@code control.socket}) and the warnings found on the way.
 *
 * @param file          where it was read from (reloads read it again)
 * @param agent         the agent's settings
 * @param service       metrics endpoint and log level
 * @param controlSocket {@code control.socket}, or null for the default
 * @param warnings      non-fatal findings, each located by file, line and key
 */
record AgentFile(Path file, AgentConfig agent, ServiceSettings service, Path controlSocket, List<String> warnings) {

    static AgentFile load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        AgentConfig agent = AgentConfig.from(root);
        ServiceSettings service = ServiceSettings.from(root);
        ConfigMap control = root.mapOrEmpty("control");
        Path socket = control.path("socket", null);
        control.finish();
        root.finish();
        SecretFiles.warnIfShared(root.mapOrEmpty("server"), "token-file", agent.server().tokenFile());
        return new AgentFile(file, agent, service, socket, root.warnings().list());
    }
}
