package io.quicroam.gateway;

import io.quicroam.masque.ConnectIpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A bare client of the gateway on one transport ({@link TestTransport}) that sends what a test tells it to. */
interface TunnelTestClient extends AutoCloseable {
    /** Opens a request stream and sends these (pseudo-)headers in order, leaving the stream open. */
    TestTunnel request(List<Map.Entry<String, String>> headers) throws Exception;

    /** A CONNECT-IP request for {@code path} (the template is /ip/{target}/{ipproto}/), as RFC 9484 §4.4 has it. */
    default TestTunnel connectIp(String authority, String path, Map.Entry<String, String>... extra) throws Exception {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry(":method", "CONNECT"),
                Map.entry(":protocol", ConnectIpRequest.PROTOCOL),
                Map.entry(":scheme", "https"),
                Map.entry(":authority", authority),
                Map.entry(":path", path),
                Map.entry("capsule-protocol", "?1")));
        headers.addAll(List.of(extra));
        return request(headers);
    }

    @Override
    void close();
}
