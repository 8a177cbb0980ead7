package io.quicroam.masque;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The response side of CONNECT-IP over HTTP/3 (RFC 9484 §4.5, RFC 9297 §3.2-§3.4). */
public final class ConnectIpResponse {

    private static final List<Map.Entry<String, String>> SUCCESS =
            List.of(Map.entry(":status", "200"), Map.entry("capsule-protocol", "?1"));

    private ConnectIpResponse() {}

    /** RFC 9484 §4.5: any 2xx establishes the tunnel; anything else (3xx included) means failure. */
    public static boolean isTunnelEstablished(int status) {
        return status >= 200 && status <= 299;
    }

    /**
     * RFC 9114 §4.1: a response may be preceded by any number of interim (1xx) responses, each its own HEADERS
     * frame; the client waits on for the final one instead of taking them for a refusal.
     */
    public static boolean isInterim(int status) {
        return status >= 100 && status <= 199;
    }

    /** The proxy's success response: {@code :status 200}, {@code capsule-protocol ?1} (RFC 9484 Figure 5). */
    public static List<Map.Entry<String, String>> headers() {
        return SUCCESS;
    }

    /**
     * Client side: why a 2xx response cannot start the Capsule Protocol, or null if it can. RFC 9297 §3.2:
     * no Content-Length, Content-Type or Transfer-Encoding, and not 204, 205 or 206; a violating message
     * is malformed, i.e. a stream error {@link H3Error#H3_MESSAGE_ERROR} (RFC 9114 §4.1.2). Non-2xx
     * responses are not checked: they fail the request anyway.
     */
    public static String malformedReason(int status, Function<String, String> headerLookup) {
        if (!isTunnelEstablished(status)) {
            return null;
        }
        if (status == 204 || status == 205 || status == 206) {
            return "status " + status + " cannot start the Capsule Protocol (RFC 9297 §3.2)";
        }
        return ContentHeaders.firstPresent(headerLookup);
    }
}
