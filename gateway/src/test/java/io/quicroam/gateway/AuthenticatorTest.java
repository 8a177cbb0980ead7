package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;
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
        assertThat(client(authenticator, "Bearer 0123456789abcdef0123", NO_CERTIFICATE))
                .contains("alice");
        assertThat(client(authenticator, null, NO_CERTIFICATE)).isEmpty();
        assertThat(client(authenticator, "Bearer 0123456789abcdef0124", NO_CERTIFICATE))
                .isEmpty();
        assertThat(client(authenticator, null, chain(dir, "laptop-1")))
                .as("a certificate is no substitute")
                .isEmpty();
    }

    @Test
    void withoutATokensFileTheClientCertificateNamesTheClient(@TempDir Path dir) {
        // mTLS: TLS already verified the chain; its subject names the client.
        assertThat(client(new Authenticator(null), null, chain(dir, "laptop-1")))
                .contains("CN=laptop-1");
    }

    @Test
    void withoutATokensFileOrACertificateTheClientIsAnonymous() {
        Authenticator authenticator = new Authenticator(null);
        assertThat(client(authenticator, null, NO_CERTIFICATE)).contains("anonymous");
        assertThat(client(authenticator, null, () -> new Certificate[0])).contains("anonymous");
        assertThat(client(authenticator, "Bearer whatever", () -> {
                    throw new IllegalStateException("handshake not done");
                }))
                .contains("anonymous");
    }

    @Test
    void withTokensAndMutualTlsTheIdentityIsTheTokensClientAndTheCertificate(@TempDir Path dir) {
        Authenticator authenticator = new Authenticator(tokens);
        ClientIdentity laptop1 = authenticator
                .identify("Bearer 0123456789abcdef0123", chain(dir.resolve("1"), "laptop-1"))
                .orElseThrow();
        ClientIdentity laptop2 = authenticator
                .identify("Bearer 0123456789abcdef0123", chain(dir.resolve("2"), "laptop-2"))
                .orElseThrow();
        assertThat(laptop1.name()).isEqualTo("alice");
        assertThat(laptop1.certificate()).hasSize(64); // hex SHA-256
        assertThat(laptop1)
                .as("one bearer token, two certificates: two identities")
                .isNotEqualTo(laptop2);
    }

    @Test
    void aReplacedTokensFileLetsInOnlyItsClients() {
        Authenticator authenticator = new Authenticator(tokens);
        authenticator.replace(TokenStore.parse(List.of("bob fedcba9876543210fedc"), "tokens.txt"));
        assertThat(client(authenticator, "Bearer 0123456789abcdef0123", NO_CERTIFICATE))
                .isEmpty();
        assertThat(client(authenticator, "Bearer fedcba9876543210fedc", NO_CERTIFICATE))
                .contains("bob");
    }

    private static Optional<String> client(
            Authenticator authenticator, CharSequence authorization, Authenticator.PeerCertificates peer) {
        return authenticator.identify(authorization, peer).map(ClientIdentity::name);
    }

    private static Authenticator.PeerCertificates chain(Path dir, String host) {
        Certificate certificate = SelfSignedCertificate.create(dir, host, host).certificate();
        return () -> new Certificate[] {certificate};
    }
}
