package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/** Joining paths: what they may do to a session, and the race between a join and the end of the grace time. */
class SessionJoinTest {
    private static final String ALICE = "Bearer 0123456789abcdef0123";
    private static final Authenticator.PeerCertificates NO_CERTIFICATE = () -> {
        throw new SSLPeerUnverifiedException("peer not authenticated");
    };
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final VirtualTime time = new VirtualTime();
    private final SessionRegistry sessions = new SessionRegistry();
    private final SessionTokens issued = new SessionTokens(time.clock(), Duration.ofHours(1), Duration.ofSeconds(30));
    private final AddressAssigner addresses = new AddressAssigner(
            IpPrefix.parse("100.64.0.0/30"), IpPrefix.parse("fd7a:5152:4f41::/64"), time::nanos, Duration.ZERO);
    private final AdmissionControl control = new AdmissionControl(
            new Authenticator(TokenStore.parse(List.of("alice " + ALICE.substring(7)), "tokens.txt")),
            true,
            issued,
            sessions,
            addresses,
            new SessionQuota(GatewayLimits.defaults(), which -> false, new QuotaMeters(new SimpleMeterRegistry())),
            reason -> {});
    /** Ends sessions on the timers' thread (here: virtual time) as {@link Gateway} does. */
    private final GraceTimer grace = new GraceTimer(time, GRACE, session -> {
        sessions.remove(session);
        issued.revoke(session);
        addresses.release(session, time.nanos());
    });

    @Test
    void aJoinAdmittedJustBeforeTheGraceTimeRanOutCannotAttachToTheEndedSession() {
        Admission.Admitted opened = (Admission.Admitted) control.admit(ALICE, NO_CERTIFICATE, "?1", null);
        Session session = opened.session();
        AtomicBoolean open = new AtomicBoolean(true);
        SessionPath only = session.attach(StubTunnels.tunnel(0, open));
        open.set(false);
        grace.pathClosed(session, only);

        time.advance(GRACE.minusMillis(1));
        // The event loop admits the join (the session still exists) ...
        assertThat(control.admit(ALICE, NO_CERTIFICATE, null, opened.token())).isInstanceOf(Admission.Admitted.class);
        // ... and before it attaches the path, the timers' thread ends the session and releases its addresses.
        time.advance(Duration.ofMillis(1));
        assertThat(sessions.contains(session)).isFalse();

        assertThat(session.attach(StubTunnels.tunnel(4, new AtomicBoolean(true))))
                .as("a path attached now would carry addresses already released (the request is refused with 403)")
                .isNull();
    }

    @Test
    void aPathCannotAbandonAnotherOnlyStopDownlinkOnIt() {
        Session session = new Session(1, "alice", "token", reason -> {});
        AtomicBoolean wifiOpen = new AtomicBoolean(true);
        AtomicBoolean lteOpen = new AtomicBoolean(true);
        SessionPath wifi = session.attach(StubTunnels.tunnel(0, wifiOpen));
        SessionPath lte = session.attach(StubTunnels.tunnel(4, lteOpen));

        boolean foreign = session.status(lte, new PathStatus(wifi.pathId, 1, PathStatus.Status.ABANDON));
        assertThat(wifiOpen).as("wifi's stream stays open").isTrue();
        assertThat(wifi.status()).as("but downlink no longer uses it").isEqualTo(PathStatus.Status.BACKUP);
        assertThat(foreign).as("counted as an ABANDON of another path").isTrue();

        assertThat(session.status(lte, new PathStatus(lte.pathId, 2, PathStatus.Status.ABANDON)))
                .isFalse();
        assertThat(lteOpen).as("a path abandons itself").isFalse();
    }
}
