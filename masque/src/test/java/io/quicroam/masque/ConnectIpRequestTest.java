package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectIpRequestTest {

    private static final UriTemplate TEMPLATE =
            UriTemplate.parse("https://proxy.example:4443/.well-known/masque/ip/{target}/{ipproto}/");

    @Test
    void headerListIsExactAndOrdered() {
        ConnectIpRequest request = ConnectIpRequest.of(TEMPLATE, "*", "*");
        assertThat(request.headers())
                .containsExactly(
                        Map.entry(":method", "CONNECT"),
                        Map.entry(":protocol", "connect-ip"),
                        Map.entry(":scheme", "https"),
                        Map.entry(":authority", "proxy.example:4443"),
                        Map.entry(":path", "/.well-known/masque/ip/*/*/"),
                        Map.entry("capsule-protocol", "?1"));
    }

    @Test
    void scopedRequestEncodesItsTarget() {
        assertThat(ConnectIpRequest.of(TEMPLATE, "2001:db8::/32", "58").path())
                .isEqualTo("/.well-known/masque/ip/2001%3Adb8%3A%3A%2F32/58/");
    }

    @Test
    void refusesToSendAMalformedScope() {
        assertThatThrownBy(() -> ConnectIpRequest.of(TEMPLATE, "10.0.0.1/8", "*"))
                .hasMessageContaining("target");
        assertThatThrownBy(() -> ConnectIpRequest.of(TEMPLATE, "", "*")).hasMessageContaining("target");
        assertThatThrownBy(() -> ConnectIpRequest.of(TEMPLATE, "*", "256")).hasMessageContaining("ipproto");
        assertThatThrownBy(() -> ConnectIpRequest.of(TEMPLATE, "*", "tcp")).hasMessageContaining("ipproto");
    }

    @Test
    void responseHelpers() {
        assertThat(ConnectIpResponse.isTunnelEstablished(200)).isTrue();
        assertThat(ConnectIpResponse.isTunnelEstablished(299)).isTrue();
        assertThat(ConnectIpResponse.isTunnelEstablished(101)).isFalse();
        assertThat(ConnectIpResponse.isTunnelEstablished(301)).isFalse();
        assertThat(ConnectIpResponse.headers())
                .containsExactly(Map.entry(":status", "200"), Map.entry("capsule-protocol", "?1"));
        assertThat(ConnectIpResponse.malformedReason(200, name -> null)).isNull();
        assertThat(ConnectIpResponse.malformedReason(204, name -> null)).contains("204");
        assertThat(ConnectIpResponse.malformedReason(200, Map.of("content-length", "0")::get))
                .contains("content-length");
        assertThat(ConnectIpResponse.malformedReason(403, Map.of("content-length", "0")::get))
                .isNull();
        assertThat(List.of(ConnectIpRequest.PROTOCOL)).containsExactly("connect-ip");
    }
}
