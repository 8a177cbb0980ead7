package io.quicroam.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Names the client behind a request: by its bearer token when the gateway has a tokens file, otherwise by the
 * subject of its TLS client certificate (mTLS), or "anonymous" without one; with its certificate, if any
 * ({@link ClientIdentity}). The tokens file can be replaced while the gateway runs ({@link #replace}).
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
    private volatile TokenStore tokens;

    Authenticator(TokenStore tokens) {
        this.tokens = tokens;
    }

    /**
     * From now on, only {@code newTokens}' clients are let in; requests already admitted are not asked again.
     * Returns the tokens it replaces.
     */
    TokenStore replace(TokenStore newTokens) {
        TokenStore previous = tokens;
        if (previous == null) {
            throw new IllegalStateException("the gateway runs without a tokens file (auth: none)");
        }
        tokens = newTokens;
        return previous;
    }

    /** The client, or empty when a bearer token is required and the request has no valid one. */
    Optional<ClientIdentity> identify(CharSequence authorization, PeerCertificates peer) {
        X509Certificate certificate = certificate(peer);
        String fingerprint = certificate == null ? null : fingerprint(certificate);
        TokenStore current = tokens;
        if (current != null) {
            return current.authenticate(authorization).map(name -> new ClientIdentity(name, fingerprint));
        }
        String name = certificate == null
                ? ANONYMOUS
                : certificate.getSubjectX500Principal().getName();
        return Optional.of(new ClientIdentity(name, fingerprint));
    }

    private static X509Certificate certificate(PeerCertificates peer) {
        try {
            Certificate[] certificates = peer.get();
            if (certificates.length > 0 && certificates[0] instanceof X509Certificate certificate) {
                return certificate;
            }
        } catch (SSLPeerUnverifiedException | RuntimeException noCertificate) {
            // no client certificate
        }
        return null;
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the client certificate", e);
        }
    }
}
