package io.quicroam.cli;

import io.quicroam.agent.AgentConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The files it names that the agent reads, by key: as root, each must be root's alone ({@link RootFiles}). */
    Map<String, Path> trustedFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("server.ca-file", agent.server().caFile());
        files.put("server.token-file", agent.server().tokenFile());
        files.put("server.cert-file", agent.server().certFile());
        files.put("server.key-file", agent.server().keyFile());
        return files;
    }

    static AgentFile load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        AgentConfig agent = AgentConfig.from(root);
        ServiceSettings service = ServiceSettings.from(root);
        ConfigMap control = root.mapOrEmpty("control");
        Path socket = control.path("socket", null);
        control.finish();
        root.finish();
        SecretFiles.warnIfShared(
                root.mapOrEmpty("server"), "token-file", agent.server().tokenFile());
        SecretFiles.warnIfShared(
                root.mapOrEmpty("server"), "key-file", agent.server().keyFile());
        return new AgentFile(file, agent, service, socket, root.warnings().list());
    }
}
