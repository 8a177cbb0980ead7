package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.quicroam.config.ConfigException;
import io.quicroam.config.YamlConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code transport}, {@code http2-after} and {@code transport-by-interface} in agent.yaml. */
class TransportConfigTest {
    private static final String SERVER = "server:\n  url: https://gw.example:4433/ip/{target}/{ipproto}/\n";

    private static AgentConfig read(String yaml) throws ConfigException {
        return AgentConfig.from(YamlConfig.parse(SERVER + yaml, "agent.yaml"));
    }

    @Test
    void quicUnlessSaidOtherwiseAndEachInterfaceMayDiffer() throws Exception {
        assertThat(read("").transports()).isEqualTo(TransportConfig.DEFAULT);
        TransportConfig config = read("transport: auto\nhttp2-after: 500ms\ntransport-by-interface:\n  wwan0: quic\n")
                .transports();
        assertThat(config)
                .isEqualTo(new TransportConfig(
                        TransportConfig.Transport.AUTO,
                        Duration.ofMillis(500),
                        Map.of("wwan0", TransportConfig.Transport.QUIC)));
        assertThat(config.of("wlan0")).isEqualTo(TransportConfig.Transport.AUTO);
        assertThat(config.of("wwan0")).isEqualTo(TransportConfig.Transport.QUIC);
    }

    @Test
    void aWrongValueIsLocatedAndExplained() {
        ConfigException transport = catchThrowableOfType(ConfigException.class, () -> read("transport: tcp\n"));
        assertThat(transport.getMessage())
                .startsWith("agent.yaml:3:")
                .contains("transport")
                .contains("quic, http2, auto");
        ConfigException after = catchThrowableOfType(ConfigException.class, () -> read("http2-after: 1h\n"));
        assertThat(after.getMessage()).startsWith("agent.yaml:3:").contains("http2-after");
        ConfigException byName =
                catchThrowableOfType(ConfigException.class, () -> read("transport-by-interface:\n  wlan0: udp\n"));
        assertThat(byName.getMessage()).startsWith("agent.yaml:4:").contains("transport-by-interface.wlan0");
    }

    @Test
    void http2PathsNeedTheBondedMode() {
        ConfigException migrate =
                catchThrowableOfType(ConfigException.class, () -> read("mode: migrate\ntransport: auto\n"));
        assertThat(migrate.getMessage()).contains("transport").contains("mode: bonded");
    }
}
