package io.quicroam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A config error is one line whatever the file quotes into it (found by YamlConfigFuzzTest, issue #14). */
class ConfigExceptionTest {

    @Test
    void aMultiLineValueIsQuotedOnOneLine() throws ConfigException {
        ConfigMap root = YamlConfig.parse("port: \"4433\\nextra: line\"\n", "agent.yaml");

        assertThatThrownBy(() -> root.integer("port", 0, 1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml:1:7: port: expected an integer between 1 and 65535, got '4433\\nextra: line'");
    }

    @Test
    void controlCharactersAreEscapedSoTheyCannotRewriteATerminalOrALog() {
        ConfigException e = new ConfigException("a.yaml", 3, 1, "k", "x", "got '\u001b[2J\rfake\u2028line'");

        assertThat(e.getMessage()).isEqualTo("a.yaml:3:1: k: got '\\u001b[2J\\rfake\\u2028line'");
    }

    @Test
    void aTagSnakeYamlCannotReadIsAYamlErrorNotACrash() {
        // found by GatewayConfigFuzzTest (issue #14): SnakeYAML threw IllegalArgumentException
        assertThatThrownBy(() -> YamlConfig.parse("!%4", "gateway.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: YAML error: ");
    }
}
