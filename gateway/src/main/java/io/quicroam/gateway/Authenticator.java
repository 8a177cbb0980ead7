package io.quicroam.gateway;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Names the client behind a request: by its bearer token when the gateway has a tokens file, otherwise by the
 * subject of its TLS client certificate (mTLS), or "anonymous" without one.
 */
final class Authenticator {
    /** The name of every client that is neither a token's nor a certificate's: they cannot be told apart. */
    static final String ANONYMOUS = "anonymous";

    /** The certificate chain the peer presented in the TLS handshake; throws if it presented none. */
    @FunctionalInterface
    interface PeerCertificates {
        Certificate[] get() throws SSLPeerUnverifiedException;
    }

    /** Null: no tokens file, so TLS alone decides who may connect (auth: none, or mTLS). */
    private final TokenStore tokens;

    Authenticator(TokenStore tokens) {
        this.tokens = tokens;
    }

    /** The client's name, or empty when a bearer token is required and the request has no valid one. */
    Optional<String> client(CharSequence authorization, PeerCertificates peer) {
        if (tokens != null) {
            return tokens.authenticate(authorization);
        }
        return Optional.of(certificateSubject(peer).orElse(ANONYMOUS));
    }

    private static Optional<String> certificateSubject(PeerCertificates peer) {
        try {
            Certificate[] certificates = peer.get();
            if (certificates.length > 0 && certificates[0] instanceof X509Certificate certificate) {
                return Optional.of(certificate.getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException | RuntimeException noCertificate) {
            // no client certificate: anonymous
        }
        return Optional.empty();
    }
}
