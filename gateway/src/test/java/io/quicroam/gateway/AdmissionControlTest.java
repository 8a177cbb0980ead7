package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.pathmanager.time.VirtualTime;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdmissionControlTest {
    private static final String ALICE = "Bearer 0123456789abcdef0123";
    private static final String BOB = "Bearer fedcba9876543210fedc";
    private static final Authenticator.PeerCertificates NO_CERTIFICATE = () -> {
        throw new SSLPeerUnverifiedException("peer not authenticated");
    };
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final VirtualTime time = new VirtualTime();
    private final SessionRegistry sessions = new SessionRegistry();
    private final SessionTokens issued = new SessionTokens(time.clock(), TOKEN_LIFETIME, OVERLAP);

    @Test
    void aRequestWithoutAValidBearerTokenIsRefusedWith401() {
        AdmissionControl control = control(true);
        assertThat(control.admit(null, NO_CERTIFICATE, null, null))
                .isEqualTo(new Admission.Refused(401, "no bearer token"));
        assertThat(control.admit("Bearer 0000000000000000000000", NO_CERTIFICATE, null, null))
                .isEqualTo(new Admission.Refused(401, "invalid bearer token"));
        assertThat(sessions.size()).isZero();
    }

    @Test
    void anAuthenticatedRequestOpensASessionWithFreshAddresses() {
        Session session = admitted(control(true).admit(ALICE, NO_CERTIFICATE, null, null));
        assertThat(session.client).isEqualTo("alice");
        assertThat(session.token).as("no session token unless offered").isNull();
        assertThat(session.addresses())
                .extracting(a -> a.getHostAddress())
                .containsExactly("100.64.0.2", "fd7a:5152:4f41:0:0:0:0:2");
        assertThat(sessions.contains(session)).isTrue();
    }

    @Test
    void aSessionTokenJoinsItsSessionOnlyForItsClientAndOnlyWhileBothLive() {
        AdmissionControl control = control(true);
        Session session = admitted(control.admit(ALICE, NO_CERTIFICATE, "?1", null));
        assertThat(session.token).isNotNull();
        assertThat(admitted(control.admit(ALICE, NO_CERTIFICATE, null, session.token)))
                .isSameAs(session);
        assertThat(control.admit(BOB, NO_CERTIFICATE, null, session.token))
                .isInstanceOf(Admission.Refused.class)
                .extracting(refused -> ((Admission.Refused) refused).status())
                .isEqualTo(403);
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, "forged")).isInstanceOf(Admission.Refused.class);
        sessions.remove(session);
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, session.token))
                .as("the session ended")
                .isInstanceOf(Admission.Refused.class);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void everyJoinGetsAFreshTokenAndTheOldOnesJoinOnlyForTheOverlap() {
        AdmissionControl control = control(true);
        Admission.Admitted opened = (Admission.Admitted) control.admit(ALICE, NO_CERTIFICATE, "?1", null);
        String first = opened.token();
        assertThat(first).isEqualTo(opened.session().token);

        Admission.Admitted join = (Admission.Admitted) control.admit(ALICE, NO_CERTIFICATE, null, first);
        assertThat(join.session()).isSameAs(opened.session());
        assertThat(join.token()).as("rotated").isNotNull().isNotEqualTo(first);
        time.advance(OVERLAP.minusSeconds(1));
        assertThat(admitted(control.admit(ALICE, NO_CERTIFICATE, null, first)))
                .as("a join opened with the old token just before the new one arrived")
                .isSameAs(opened.session());

        time.advance(Duration.ofSeconds(2));
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, first))
                .as("the replaced token after the overlap")
                .isEqualTo(new Admission.Refused(403, "session token unknown, expired or issued to another client"));
        Admission.Admitted newest = (Admission.Admitted) control.admit(ALICE, NO_CERTIFICATE, null, join.token());
        assertThat(newest.session()).isSameAs(opened.session());
    }

    @Test
    void withMutualTlsASessionTokenJoinsOnlyFromTheSameCertificate(@TempDir Path dir) {
        AdmissionControl control = control(true);
        Authenticator.PeerCertificates laptop1 = chain(dir.resolve("1"), "laptop-1");
        Session session = admitted(control.admit(ALICE, laptop1, "?1", null));
        assertThat(control.admit(ALICE, chain(dir.resolve("2"), "laptop-2"), null, session.token))
                .as("alice's bearer token, another client's certificate")
                .isEqualTo(new Admission.Refused(403, "session token unknown, expired or issued to another client"));
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, session.token)).isInstanceOf(Admission.Refused.class);
        assertThat(admitted(control.admit(ALICE, laptop1, null, session.token))).isSameAs(session);
    }

    @Test
    void anExpiredSessionTokenJoinsNothing() {
        AdmissionControl control = control(true);
        Session session = admitted(control.admit(ALICE, NO_CERTIFICATE, "?1", null));
        time.advance(TOKEN_LIFETIME.plusSeconds(1));
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, session.token))
                .isEqualTo(new Admission.Refused(403, "session token unknown, expired or issued to another client"));
    }

    @Test
    void withoutTheExtensionOffersAndJoinsAreIgnored() {
        AdmissionControl control = control(false);
        Session first = admitted(control.admit(ALICE, NO_CERTIFICATE, "?1", null));
        assertThat(first.token).isNull();
        Session second = admitted(control.admit(ALICE, NO_CERTIFICATE, null, "some-token"));
        assertThat(second).isNotSameAs(first);
        assertThat(sessions.size()).isEqualTo(2);
    }

    @Test
    void anExhaustedPoolIsRefusedWith503() {
        AdmissionControl control = control(true);
        admitted(control.admit(ALICE, NO_CERTIFICATE, null, null));
        admitted(control.admit(BOB, NO_CERTIFICATE, null, null));
        assertThat(control.admit(ALICE, NO_CERTIFICATE, "?1", null))
                .isEqualTo(new Admission.Refused(503, "address pool exhausted"));
        assertThat(sessions.size()).isEqualTo(2);
    }

    /** Two clients' worth of IPv4 addresses. */
    private AdmissionControl control(boolean extension) {
        TokenStore tokens =
                TokenStore.parse(List.of("alice " + ALICE.substring(7), "bob " + BOB.substring(7)), "tokens.txt");
        return new AdmissionControl(
                new Authenticator(tokens),
                extension,
                issued,
                sessions,
                new AddressAssigner(
                        IpPrefix.parse("100.64.0.0/30"),
                        IpPrefix.parse("fd7a:5152:4f41::/64"),
                        time::nanos,
                        Duration.ZERO),
                new SessionQuota(GatewayLimits.defaults(), which -> false, new QuotaMeters(new SimpleMeterRegistry())),
                reason -> {});
    }

    private static Authenticator.PeerCertificates chain(Path dir, String host) {
        Certificate certificate = SelfSignedCertificate.create(dir, host, host).certificate();
        return () -> new Certificate[] {certificate};
    }

    private static Session admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).session();
    }
}
