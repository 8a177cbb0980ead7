package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What carries each path: agent.yaml's {@code transport} ({@code quic}, {@code http2} or {@code auto}),
 * {@code http2-after} and the per-interface {@code transport-by-interface}.
 *
 * @param transport    every interface's, unless named in {@code byInterface}
 * @param http2After   with {@code auto}: how long QUIC may take to open a path before HTTP/2 is tried beside it
 * @param byInterface  interface name to its transport
 */
public record TransportConfig(Transport transport, Duration http2After, Map<String, Transport> byInterface) {
    /** QUIC alone: what every agent did before HTTP/2 existed. */
    public static final TransportConfig DEFAULT = new TransportConfig(Transport.QUIC, Duration.ofSeconds(1), Map.of());

    public enum Transport {
        /** QUIC and HTTP/3 (RFC 9484 over RFC 9114). */
        QUIC,
        /** TCP, TLS and HTTP/2 (RFC 9484 over RFC 9113 with RFC 8441), for networks that block UDP. */
        HTTP2,
        /** QUIC first; HTTP/2 beside it when QUIC has not opened within {@code http2-after}; the first to open. */
        AUTO
    }

    public TransportConfig {
        byInterface = Map.copyOf(byInterface);
    }

    /** The transport of the paths on {@code interfaceName}. */
    public Transport of(String interfaceName) {
        return byInterface.getOrDefault(interfaceName, transport);
    }

    /** Whether every path is QUIC's. */
    public boolean quicOnly() {
        return transport == Transport.QUIC && byInterface.values().stream().allMatch(t -> t == Transport.QUIC);
    }

    /** Reads the keys above from {@code root} (agent.yaml's top level, or a scenario's {@code agent:}). */
    public static TransportConfig from(ConfigMap root) throws ConfigException {
        Transport transport = root.choice("transport", Transport.class, DEFAULT.transport());
        Duration after =
                root.duration("http2-after", DEFAULT.http2After(), Duration.ofMillis(100), Duration.ofSeconds(30));
        Map<String, Transport> byInterface = new HashMap<>();
        ConfigMap names = root.mapOrEmpty("transport-by-interface");
        for (String name : names.keys()) {
            byInterface.put(name, names.choice(name, Transport.class, transport));
        }
        names.finish();
        return new TransportConfig(transport, after, byInterface);
    }
}
