package io.quicroam.cli;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import io.quicroam.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One gateway.yaml, validated whole before anything starts: the gateway's keys ({@link GatewayConfig}), the
 * daemon's ({@link ServiceSettings}) and the warnings found on the way (secrets readable by others).
 */
record GatewayFile(GatewayConfig gateway, ServiceSettings service, List<String> warnings) {

    /** The files it names that the gateway reads, by key: as root, each must be root's alone ({@link RootFiles}). */
    Map<String, Path> trustedFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("cert-file", gateway.certFile());
        files.put("key-file", gateway.keyFile());
        files.put("tokens-file", gateway.tokensFile());
        files.put("client-ca-file", gateway.clientCaFile());
        return files;
    }

    static GatewayFile load(Path file) throws ConfigException {
        ConfigMap root = YamlConfig.load(file);
        GatewayConfig gateway = GatewayConfig.from(root);
        ServiceSettings service = ServiceSettings.from(root);
        root.finish();
        SecretFiles.warnIfShared(root, "tokens-file", gateway.tokensFile());
        SecretFiles.warnIfShared(root, "key-file", gateway.keyFile());
        return new GatewayFile(gateway, service, root.warnings().list());
    }
}
