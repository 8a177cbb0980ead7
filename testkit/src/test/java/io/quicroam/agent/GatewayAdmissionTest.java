package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.gateway.HandshakeLimits;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Internet-facing gateway lets clients cost and keep, over real QUIC on loopback: Retry, per-prefix
 * handshake limits, and a tokens file reloaded while sessions run.
 */
class GatewayAdmissionTest {
    private static final String ALICE = "alice-0123456789abcdef0123456789";
    private static final String BOB = "bob-0123456789abcdef0123456789ab";

    @TempDir
    Path dir;

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aboveTheHandshakeRateAClientPassesARetryAndGetsItsTunnel() throws Exception {
        // retry-above 0: every new connection is over the rate, so each must echo a Retry token (RFC 9000 §8.1.2).
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withHandshakes(new HandshakeLimits(0, 0, 24, 56));
        try (LocalGateway gateway = LocalGateway.start(options, registry);
                LoopbackRig rig = LoopbackRig.on(gateway).start()) {
            assertThat(rig.connect().addresses()).isNotEmpty();
            assertThat(registry.get("quicroam_gateway_retries").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(refused("retry-token"))
                    .as("the real client's token was accepted")
                    .isZero();
        }
    }

    @Test
    void aSourcePrefixOverItsHandshakeLimitIsRefused() throws Exception {
        // Two handshakes a minute for 127.0.0.0/24, where every loopback agent lives.
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withHandshakes(new HandshakeLimits(1000, 2, 24, 56));
        try (LocalGateway gateway = LocalGateway.start(options, registry);
                LoopbackRig first = LoopbackRig.on(gateway).start();
                LoopbackRig second = LoopbackRig.on(gateway).start();
                LoopbackRig third = LoopbackRig.on(gateway).start()) {
            first.connect();
            second.connect();
            assertThatThrownBy(third::connect).as("the third handshake from the /24 within the minute");
            assertThat(refused("prefix-limit")).isGreaterThanOrEqualTo(1);
            assertThat(gateway.sessions()).isEqualTo(2);
        }
    }

    @Test
    void reloadingATokensFileWithoutAClientEndsItsSession() throws Exception {
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withTokens(List.of("alice " + ALICE, "bob " + BOB));
        try (LocalGateway gateway = LocalGateway.start(options, registry);
                LoopbackRig alice =
                        LoopbackRig.on(gateway).tokenFile(credential(ALICE)).start();
                LoopbackRig bob =
                        LoopbackRig.on(gateway).tokenFile(credential(BOB)).start()) {
            alice.connect();
            bob.connect();
            assertThat(gateway.sessions()).isEqualTo(2);

            Files.writeString(gateway.tokensFile(), "bob " + BOB + "\n", StandardCharsets.UTF_8);
            assertThat(gateway.gateway().reloadTokens()).as("sessions ended").isEqualTo(1);

            assertThat(gateway.sessions())
                    .as("alice's session ended, at once (no grace time)")
                    .isEqualTo(1);
            Await.until("alice's agent has lost its path", Duration.ofSeconds(5), () -> {
                TunnelPath path = alice.agent().pathOn("eth0");
                return path == null || !path.isOpen();
            });
            Thread.sleep(3000); // alice's agent tries again meanwhile: with a revoked token it gets no session
            assertThat(gateway.sessions()).isEqualTo(1);
            assertThat(registry.get("quicroam_gateway_requests_refused")
                            .tag("status", "401")
                            .counter()
                            .count())
                    .as("alice's attempts since, counted (and logged at most once a minute)")
                    .isGreaterThanOrEqualTo(1);
            assertThat(bob.agent().pathOn("eth0").isOpen()).as("bob carries on").isTrue();
        }
    }

    @Test
    void aWrongTokenIsAskedAgainOnlyAfterADoublingWaitOnEveryInterface() throws Exception {
        // Two interfaces and a token the gateway does not know: each refusal (401) must not make the other
        // interface, or the same one, ask again at once (a request per round trip, a WARN each, for as long as the
        // token stays wrong). With the doubling wait (0.5, 1, 2 s) each interface asks 3 or 4 times in 3 s.
        LocalGateway.Options options = LocalGateway.Options.defaults().withTokens(List.of("alice " + ALICE));
        try (LocalGateway gateway = LocalGateway.start(options, registry);
                LoopbackRig mallory = LoopbackRig.on(gateway)
                        .wifiAndLte()
                        .tokenFile(credential("mallory-0123456789abcdef01234567"))
                        .start()) {
            assertThatThrownBy(mallory::connect).as("a token the gateway does not know");
            double atRefusal = refusedRequests(401);
            Thread.sleep(3000);
            assertThat(refusedRequests(401) - atRefusal)
                    .as("requests refused with 401 in the 3 s after the first")
                    .isBetween(1.0, 12.0);
            assertThat(gateway.sessions()).isZero();
        }
    }

    @Test
    void reloadingATokensFileWithAnotherTokenForAClientEndsTheSessionsOfTheOldOne() throws Exception {
        String rotated = "alice-rotated-0123456789abcdef01";
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withTokens(List.of("alice " + ALICE, "bob " + BOB));
        try (LocalGateway gateway = LocalGateway.start(options, registry);
                LoopbackRig alice =
                        LoopbackRig.on(gateway).tokenFile(credential(ALICE)).start();
                LoopbackRig bob =
                        LoopbackRig.on(gateway).tokenFile(credential(BOB)).start()) {
            alice.connect();
            bob.connect();

            Files.writeString(gateway.tokensFile(), "alice " + rotated + "\nbob " + BOB + "\n", StandardCharsets.UTF_8);
            assertThat(gateway.gateway().reloadTokens())
                    .as("sessions ended: alice's, opened with her old token")
                    .isEqualTo(1);
            assertThat(gateway.sessions()).isEqualTo(1);
            Await.until("alice's agent has lost its path", Duration.ofSeconds(5), () -> {
                TunnelPath path = alice.agent().pathOn("eth0");
                return path == null || !path.isOpen();
            });
            assertThat(bob.agent().pathOn("eth0").isOpen()).as("bob carries on").isTrue();

            try (LoopbackRig renewed =
                    LoopbackRig.on(gateway).tokenFile(credential(rotated)).start()) {
                assertThat(renewed.connect().addresses())
                        .as("alice with her new token")
                        .isNotEmpty();
            }
        }
    }

    private double refused(String reason) {
        return registry.get("quicroam_gateway_handshakes_refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private double refusedRequests(int status) {
        return registry
                .find("quicroam_gateway_requests_refused")
                .tag("status", Integer.toString(status))
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private Path credential(String token) throws Exception {
        return Files.writeString(dir.resolve("token-" + token.hashCode()), token, StandardCharsets.UTF_8);
    }
}
