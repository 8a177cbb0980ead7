package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An agent on QUIC alone builds no HTTP/2 connector: its TLS context would load netty-tcnative and the JDK's TLS
 * engine for nothing (issue #17). Http2PathLoopbackTest opens HTTP/2 and auto paths, which need one.
 */
class Http2ConnectorTest {
    @Test
    void quicAloneHasNoHttp2Connector() throws Exception {
        assertThat(Http2Connector.ifUsed(null, null, null, TransportConfig.DEFAULT))
                .isNull();
        TransportConfig quicByName = new TransportConfig(
                TransportConfig.Transport.QUIC, Duration.ofSeconds(1), Map.of("wlan0", TransportConfig.Transport.QUIC));
        assertThat(Http2Connector.ifUsed(null, null, null, quicByName)).isNull();
    }
}
