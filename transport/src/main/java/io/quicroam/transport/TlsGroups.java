package io.quicroam.transport;

import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;

/**
 * The TLS 1.3 key exchange groups an endpoint offers (client) or accepts (server), most preferred first
 * ({@code tls.groups} in agent.yaml and gateway.yaml). The default puts the hybrid post-quantum X25519MLKEM768 first
 * so traffic recorded today cannot be decrypted by a future quantum computer, and keeps X25519 and P-256 for peers without it
 * (RFC 8446 §4.2.7: the client's key share for its first group; a server without it answers with a HelloRetryRequest
 * for one it shares).
 *
 * @param names BoringSSL group names, each one of {@link #KNOWN}, at least one, no repeats
 */
public record TlsGroups(List<String> names) {
    /** The groups the bundled BoringSSL implements, by the names its group list takes. */
    public static final List<String> KNOWN = List.of("X25519MLKEM768", "X25519", "P-256", "P-384", "P-521");

    /**
     * Post-quantum first, then X25519, then P-256: RFC 8446 §9.1 makes secp256r1 the one group every TLS 1.3
     * implementation must support, and some (Kwik's, for one) offer nothing else — a gateway without it refuses them
     * with handshake_failure.
     */
    public static final TlsGroups DEFAULT = new TlsGroups(List.of("X25519MLKEM768", "X25519", "P-256"));

    public TlsGroups {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS group");
        }
        for (String name : names) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown TLS group '" + name + "'; known: " + String.join(", ", KNOWN));
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("TLS group listed twice: " + names);
        }
    }

    /** Restricts {@code builder}'s key exchange to these groups, in this order. */
    public QuicSslContextBuilder applyTo(QuicSslContextBuilder builder) {
        return builder.option(BoringSSLContextOption.GROUPS, names.toArray(String[]::new));
    }

    /**
     * The same for TLS over TCP (CONNECT-IP over HTTP/2): on the bundled BoringSSL (netty-tcnative), which knows the
     * same groups by the same names; the JDK's TLS has no X25519MLKEM768, and its AES-GCM cost the path most of its
     * throughput.
     */
    public SslContextBuilder applyTo(SslContextBuilder builder) {
        return builder.sslProvider(SslProvider.OPENSSL)
                .option(OpenSslContextOption.GROUPS, names.toArray(String[]::new));
    }
}
