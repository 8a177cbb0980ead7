package io.quicroam.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quicroam.config.ConfigFuzzing;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target (issue #14) for the gateway's configuration loader: any text gives a configuration or the one-line
 * located error, never another exception. The daemon's own sections are the CLI's to read; here they are only
 * allowed. Seeds: the shipped {@code configs/gateway.yaml} and variants.
 */
class GatewayConfigFuzzTest {
    private static final String FILE = "gateway.yaml";
    private static final List<String> DAEMON_KEYS = List.of("metrics", "logging");

    @FuzzTest
    void loadsOrFailsWithALocatedOneLineError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
            ConfigMap root = YamlConfig.parse(text, FILE);
            GatewayConfig.from(root);
            DAEMON_KEYS.forEach(root::has);
            root.finish();
        });
    }
}
