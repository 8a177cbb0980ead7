package io.quicroam.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.config.ConfigException;
import io.quicroam.config.YamlConfig;
import io.quicroam.masque.capsule.IpPrefix;
import org.junit.jupiter.api.Test;

/** {@code egress-policy} in gateway.yaml as {@link EgressRules} reads it: defaults, every key, and exact errors. */
class EgressRulesTest {
    private static final String FILE = "gateway.yaml";

    private static EgressRules read(String yaml) throws ConfigException {
        return EgressRules.from(YamlConfig.parse(yaml, FILE));
    }

    @Test
    void theDefaultsIsolateClientsAndAddNothing() {
        EgressRules defaults = EgressRules.defaults();

        assertThat(defaults.allow()).isEmpty();
        assertThat(defaults.deny()).isEmpty();
        assertThat(defaults.isolateClients()).isTrue();
    }

    @Test
    void absentOrEmptyTheDefaultsApply() throws ConfigException {
        assertThat(read("template: x\n")).isEqualTo(EgressRules.defaults());
        assertThat(read("egress-policy: {}\n")).isEqualTo(EgressRules.defaults());
    }

    @Test
    void everyKeyIsReadAsWritten() throws ConfigException {
        EgressRules rules = read("""
                egress-policy:
                  isolate-clients: false
                  allow: ["169.254.169.254/32"]
                  deny: ["10.0.0.0/8", "fd00::/8"]
                """);

        assertThat(rules.allow()).containsExactly(IpPrefix.parse("169.254.169.254/32"));
        assertThat(rules.deny()).containsExactly(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("fd00::/8"));
        assertThat(rules.isolateClients()).isFalse();
    }

    @Test
    void aMisspelledKeyIsAnErrorAtItsLine() {
        // "isolate-client" would otherwise be ignored and leave the clients isolated, against what the operator wrote.
        assertThatThrownBy(() -> read("egress-policy:\n  isolate-client: false\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.key()).isEqualTo("egress-policy.isolate-client");
                    assertThat(e.getMessage()).startsWith(FILE + ":2:");
                });
    }

    @Test
    void aBadPrefixNamesItsKey() {
        assertThatThrownBy(() -> read("egress-policy:\n  deny: [\"10.0.0.0/33\"]\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("egress-policy.deny");
                    assertThat(e.getMessage()).startsWith(FILE + ":").contains("a list of prefixes");
                });
    }
}
