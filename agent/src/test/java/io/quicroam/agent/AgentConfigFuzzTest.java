package io.quicroam.agent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quicroam.config.ConfigFuzzing;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (issue #14) for the agent's configuration loader (what {@link AgentConfig#load} does after reading the
 * file): any text gives a configuration or the one-line located error, never another exception. Seeds: the shipped
 * {@code configs/agent.yaml} and variants.
 */
class AgentConfigFuzzTest {
    private static final String FILE = "agent.yaml";

    @FuzzTest
    void loadsOrFailsWithALocatedOneLineError(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ConfigFuzzing.loadsOrFailsWithOneLine(FILE, () -> {
            ConfigMap root = YamlConfig.parse(text, FILE);
            AgentConfig.from(root);
            AgentConfig.DAEMON_KEYS.forEach(root::has);
            root.finish();
        });
    }
}
