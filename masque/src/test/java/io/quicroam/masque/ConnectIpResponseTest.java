package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a client reads the proxy's response: which responses are interim, which 2xx cannot start the tunnel. */
class ConnectIpResponseTest {
    @Test
    void interimResponsesAreNeitherSuccessNorRefusal() {
        // RFC 9114 §4.1: any number of 1xx may come before the final response
        for (int status : new int[] {100, 103, 199}) {
            assertThat(ConnectIpResponse.isInterim(status)).as("%d", status).isTrue();
            assertThat(ConnectIpResponse.isTunnelEstablished(status))
                    .as("%d", status)
                    .isFalse();
        }
        assertThat(ConnectIpResponse.isInterim(200)).isFalse();
    }

    @Test
    void a2xxThatCannotStartTheCapsuleProtocolIsMalformed() {
        Map<String, String> none = Map.of();
        assertThat(ConnectIpResponse.malformedReason(200, none::get)).isNull();
        // RFC 9297 §3.2: not 204, 205 or 206; no content-length, content-type or transfer-encoding
        for (int status : new int[] {204, 205, 206}) {
            assertThat(ConnectIpResponse.malformedReason(status, none::get)).contains(Integer.toString(status));
        }
        for (String header : new String[] {"content-length", "content-type", "transfer-encoding"}) {
            Map<String, String> with = Map.of(header, "0");
            assertThat(ConnectIpResponse.malformedReason(200, with::get)).contains(header);
        }
        assertThat(ConnectIpResponse.malformedReason(403, Map.of("content-length", "5")::get))
                .as("a refusal fails anyway")
                .isNull();
    }
}
