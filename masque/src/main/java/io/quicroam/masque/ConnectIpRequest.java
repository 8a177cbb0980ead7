package io.quicroam.masque;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CONNECT-IP request over HTTP/3: Extended CONNECT (RFC 9220) with {@code :protocol connect-ip}
 * (RFC 9484 §4.4).
 */
public record ConnectIpRequest(String authority, String path) {

    /** The HTTP Upgrade Token (RFC 9484 §12.1). */
    public static final String PROTOCOL = "connect-ip";

    public ConnectIpRequest {
        // RFC 9484 §4.4: :authority carries the proxy's authority; :path SHALL NOT be empty
        if (Objects.requireNonNull(authority, "authority").isEmpty()) {
            throw new IllegalArgumentException(":authority must not be empty");
        }
        if (!Objects.requireNonNull(path, "path").startsWith("/")) {
            throw new IllegalArgumentException(":path must start with \"/\"");
        }
    }

    /**
     * The request for {@code target} ("*", an address or prefix such as "192.0.2.0/24", or a host name)
     * and {@code ipproto} ("*" or 0-255), "*" meaning any (RFC 9484 §4.6). IllegalArgumentException if a
     * value breaks RFC 9484 §4.6 syntax.
     */
    public static ConnectIpRequest of(UriTemplate template, String target, String ipproto) {
        if (target == null || RequestScope.classifyTarget(target) == RequestScope.TargetForm.INVALID) {
            throw new IllegalArgumentException("target must be \"*\", an IP address or prefix with zero host bits,"
                    + " or a host name (RFC 9484 §4.6)");
        }
        if (ipproto == null || !RequestScope.isValidIpProto(ipproto)) {
            throw new IllegalArgumentException("ipproto must be \"*\" or a number in [0, 255] (RFC 9484 §4.6)");
        }
        return new ConnectIpRequest(template.authority(), template.expand(target, ipproto));
    }

    /**
     * The request's header section, in order: {@code :method CONNECT}, {@code :protocol connect-ip},
     * {@code :scheme https}, {@code :authority}, {@code :path} (RFC 9484 §4.4, RFC 9220 §3) and
     * {@code capsule-protocol ?1} (RFC 9297 §3.4 SHOULD; the Structured Fields boolean true). Names are
     * lower-case as HTTP/3 requires (RFC 9114 §4.2).
     */
    public List<Map.Entry<String, String>> headers() {
        return List.of(
                Map.entry(":method", "CONNECT"),
                Map.entry(":protocol", PROTOCOL),
                Map.entry(":scheme", "https"),
                Map.entry(":authority", authority),
                Map.entry(":path", path),
                Map.entry("capsule-protocol", "?1"));
    }
}
