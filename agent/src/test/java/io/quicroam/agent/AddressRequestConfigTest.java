package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.config.YamlConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code server.address-request} and {@code server.address-wait} in agent.yaml. */
class AddressRequestConfigTest {
    private static AddressRequestConfig read(String yaml) throws ConfigException {
        ConfigMap server = YamlConfig.parse(yaml, "agent.yaml").mapOrEmpty("server");
        return AddressRequestConfig.from(server);
    }

    @Test
    void autoAfterHalfASecondUnlessSaidOtherwise() throws Exception {
        assertThat(read("server: {}\n")).isEqualTo(AddressRequestConfig.DEFAULT);
        assertThat(AddressRequestConfig.DEFAULT)
                .isEqualTo(new AddressRequestConfig(AddressRequestConfig.Mode.AUTO, Duration.ofMillis(500)));
        assertThat(read("server:\n  address-request: always\n  address-wait: 2s\n"))
                .isEqualTo(new AddressRequestConfig(AddressRequestConfig.Mode.ALWAYS, Duration.ofSeconds(2)));
    }

    @Test
    void aWrongValueIsLocatedAndExplained() {
        ConfigException mode =
                catchThrowableOfType(ConfigException.class, () -> read("server:\n  address-request: sometimes\n"));
        assertThat(mode.getMessage())
                .startsWith("agent.yaml:2:")
                .contains("server.address-request")
                .contains("auto, always, never");

        ConfigException wait = catchThrowableOfType(ConfigException.class, () -> read("server:\n  address-wait: 1m\n"));
        assertThat(wait.getMessage()).startsWith("agent.yaml:2:").contains("server.address-wait");
    }
}
