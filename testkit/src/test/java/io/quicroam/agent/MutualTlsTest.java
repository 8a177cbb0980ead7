package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that requires client certificates (mTLS): the agent with a certificate from the gateway's client CA gets
 * a tunnel; without a certificate, or with one from another CA, none — and the user is told why.
 */
class MutualTlsTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnAgentWithTheRightCertificateGetsATunnel() throws Exception {
        SelfSignedCertificate client = SelfSignedCertificate.create(dir, "laptop", "laptop-1");
        SelfSignedCertificate stranger =
                SelfSignedCertificate.create(Files.createDirectories(dir.resolve("other-ca")), "laptop", "laptop-2");
        try (LocalGateway gateway = LocalGateway.start(
                LocalGateway.Options.defaults().withClientCa(client.certFile()), new SimpleMeterRegistry())) {
            try (LoopbackRig withCertificate = LoopbackRig.on(gateway)
                    .clientCertificate(client.certFile(), client.keyFile())
                    .start()) {
                assertThat(withCertificate.connect().addresses()).isNotEmpty();
            }
            try (LoopbackRig without = LoopbackRig.on(gateway).start()) {
                assertRefusedForItsCertificate(catchThrowable(without::connect));
            }
            try (LoopbackRig fromAnotherCa = LoopbackRig.on(gateway)
                    .clientCertificate(stranger.certFile(), stranger.keyFile())
                    .start()) {
                // The gateway names its client CA in the handshake (RFC 8446 §4.2.4); the agent has no certificate
                // from it to offer, so the refusal is the same as without one.
                assertRefusedForItsCertificate(catchThrowable(fromAnotherCa::connect));
            }
            assertThat(gateway.sessions())
                    .as("the certified agent's session alone (still in its grace time)")
                    .isEqualTo(1);
        }
    }

    /** The handshake failed with the TLS alert certificate_required (116, RFC 8446 §6.2), and the message says so. */
    private static void assertRefusedForItsCertificate(Throwable thrown) {
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("TLS alert 116")
                .hasMessageContaining("client certificate");
    }
}
