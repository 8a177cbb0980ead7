package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that requires client certificates (mTLS): the agent with its certificate gets a tunnel, without it none. */
class MutualTlsTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnAgentWithTheRightCertificateGetsATunnel() throws Exception {
        SelfSignedCertificate client = SelfSignedCertificate.create(dir, "laptop", "laptop-1");
        try (LocalGateway gateway = LocalGateway.start(
                LocalGateway.Options.defaults().withClientCa(client.certFile()), new SimpleMeterRegistry())) {
            try (LoopbackRig withCertificate = LoopbackRig.on(gateway)
                    .clientCertificate(client.certFile(), client.keyFile())
                    .start()) {
                assertThat(withCertificate.connect().addresses()).isNotEmpty();
            }
            try (LoopbackRig without = LoopbackRig.on(gateway).start()) {
                assertThatThrownBy(without::connect).isInstanceOf(ExecutionException.class);
            }
            assertThat(gateway.sessions())
                    .as("only the certified agent's session")
                    .isLessThanOrEqualTo(1);
        }
    }
}
