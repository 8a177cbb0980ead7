package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    private static final Authenticator.PeerCertificates NO_CERTIFICATE = () -> {
        throw new SSLPeerUnverifiedException("peer not authenticated");
    };

    private final TokenStore tokens = TokenStore.parse(List.of("alice 0123456789abcdef0123"), "tokens.txt");

    @Test
    void withATokensFileTheBearerTokenNamesTheClient(@TempDir Path dir) {
        Authenticator authenticator = new Authenticator(tokens);
        assertThat(authenticator.client("Bearer 0123456789abcdef0123", NO_CERTIFICATE))
                .contains("alice");
        assertThat(authenticator.client(null, NO_CERTIFICATE)).isEmpty();
        assertThat(authenticator.client("Bearer 0123456789abcdef0124", NO_CERTIFICATE))
                .isEmpty();
        assertThat(authenticator.client(null, chain(dir, "laptop-1")))
                .as("a certificate is no substitute")
                .isEmpty();
    }

    @Test
    void withoutATokensFileTheClientCertificateNamesTheClient(@TempDir Path dir) {
        // mTLS: TLS already verified the chain; its subject names the client.
        assertThat(new Authenticator(null).client(null, chain(dir, "laptop-1"))).contains("CN=laptop-1");
    }

    @Test
    void withoutATokensFileOrACertificateTheClientIsAnonymous() {
        Authenticator authenticator = new Authenticator(null);
        assertThat(authenticator.client(null, NO_CERTIFICATE)).contains("anonymous");
        assertThat(authenticator.client(null, () -> new Certificate[0])).contains("anonymous");
        assertThat(authenticator.client("Bearer whatever", () -> {
                    throw new IllegalStateException("handshake not done");
                }))
                .contains("anonymous");
    }

    private static Authenticator.PeerCertificates chain(Path dir, String host) {
        Certificate certificate = SelfSignedCertificate.create(dir, host, host).certificate();
        return () -> new Certificate[] {certificate};
    }
}
