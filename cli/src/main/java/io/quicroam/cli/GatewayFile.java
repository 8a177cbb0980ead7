package io.quicroam.cli;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import io.quicroam.gateway.GatewayConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * One gateway.yaml, validated whole before anything starts: the gateway's keys ({@link GatewayConfig}), the
 * daemon's ({@link ServiceSettings}) and the warnings found on the way (secrets readable by others).
 */
record GatewayFile(GatewayConfig gateway, ServiceSettings service, List<String> warnings) {

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
