package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Session quotas and reclaiming sessions in their grace time, on virtual time. */
class SessionQuotaTest {
    private static final Duration QUARANTINE = Duration.ofSeconds(60);

    private final VirtualTime time = new VirtualTime();
    private final InGrace inGrace = new InGrace();
    private final QuotaMeters meters = new QuotaMeters(new SimpleMeterRegistry());
    private final List<Session> reclaimed = new ArrayList<>();
    private final AddressAssigner addresses =
            new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), null, time::nanos, QUARANTINE);
    private SessionQuota quota;
    private long ids;

    /** As the gateway does: the session ends, its addresses go to quarantine from its last path, its count back. */
    private SessionQuota quota(int maxSessions, int perClient) {
        GatewayLimits limits = new GatewayLimits(100, maxSessions, perClient, 2, 4, QUARANTINE);
        quota = new SessionQuota(
                limits,
                which -> {
                    Session oldest = inGrace.oldest(which);
                    if (oldest == null) {
                        return false;
                    }
                    reclaimed.add(oldest);
                    addresses.release(oldest, inGrace.ended(oldest).orElseThrow());
                    quota.give(oldest.client);
                    return true;
                },
                meters);
        return quota;
    }

    @Test
    void aClientBeyondItsShareGets429WhileOthersAreStillAdmitted() {
        quota(10, 2);
        assertThat(quota.take("alice")).isNull();
        assertThat(quota.take("alice")).isNull();
        assertThat(quota.take("alice")).isEqualTo(new Admission.Refused(429, "too many sessions for this client"));
        assertThat(quota.take("bob")).isNull();
        assertThat(meters.refusedCount(Quota.SESSIONS_PER_CLIENT)).isEqualTo(1);
        quota.give("alice");
        assertThat(quota.take("alice")).as("a session of hers ended").isNull();
    }

    @Test
    void anonymousClientsHaveNoShareOfTheirOwnOnlyTheGatewaysLimit() {
        quota(3, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(quota.take(Authenticator.ANONYMOUS)).isNull();
        }
        assertThat(quota.take(Authenticator.ANONYMOUS))
                .extracting(Admission.Refused::status)
                .isEqualTo(503);
    }

    @Test
    void aFullGatewayAnswers503() {
        quota(2, 2);
        assertThat(quota.take("alice")).isNull();
        assertThat(quota.take("bob")).isNull();
        assertThat(quota.take("carol"))
                .isEqualTo(new Admission.Refused(503, "the gateway holds as many sessions as it may"));
        assertThat(meters.refusedCount(Quota.SESSIONS)).isEqualTo(1);
    }

    @Test
    void aSessionInItsGraceTimeIsReclaimedBeforeAnyoneIsRefused() {
        quota(2, 2);
        Session alice = session("alice");
        Session bob = session("bob");
        inGrace.entered(bob, time.nanos()); // bob's laptop lost every network
        time.advance(Duration.ofSeconds(1));
        inGrace.entered(alice, time.nanos());
        assertThat(quota.take("carol")).as("room made").isNull();
        assertThat(reclaimed).as("the one without a path longest").containsExactly(bob);
        assertThat(meters.refusedCount(Quota.SESSIONS)).isZero();
    }

    @Test
    void aClientAtItsShareReclaimsItsOwnSessionInGraceTimeNotAnothers() {
        quota(10, 1);
        Session bob = session("bob");
        Session alice = session("alice");
        inGrace.entered(bob, time.nanos());
        inGrace.entered(alice, time.nanos());
        assertThat(quota.take("alice")).isNull();
        assertThat(reclaimed).containsExactly(alice);
    }

    @Test
    void aSessionThatRejoinedIsNotReclaimed() {
        quota(1, 1);
        Session alice = session("alice");
        inGrace.entered(alice, time.nanos());
        alice.attach(StubTunnels.tunnel(0, new AtomicBoolean(true))); // a path joined within the grace time
        assertThat(quota.take("bob")).extracting(Admission.Refused::status).isEqualTo(503);
        assertThat(reclaimed).isEmpty();
    }

    @Test
    void thePoolReclaimsOnlyASessionWhoseAddressesQuarantineIsOver() {
        quota(10, 10);
        Session alice = session("alice");
        session("bob"); // the /30 holds two
        assertThat(addresses.allocate()).isEmpty();
        inGrace.entered(alice, time.nanos());
        time.advance(QUARANTINE.minusSeconds(1));
        assertThat(quota.reclaimAddresses(addresses))
                .as("its address would still be quarantined")
                .isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(quota.reclaimAddresses(addresses)).isTrue();
        assertThat(reclaimed).containsExactly(alice);
        assertThat(addresses.allocate()).as("her address, free at once").isPresent();
    }

    @Test
    void aSessionBeyondItsPathsGets429() {
        quota(10, 10);
        Session alice = session("alice");
        alice.attach(StubTunnels.tunnel(0, new AtomicBoolean(true)));
        assertThat(quota.join(alice)).isNull();
        alice.attach(StubTunnels.tunnel(0, new AtomicBoolean(true)));
        assertThat(quota.join(alice)).extracting(Admission.Refused::status).isEqualTo(429);
        assertThat(meters.refusedCount(Quota.PATHS_PER_SESSION)).isEqualTo(1);
    }

    private Session session(String client) {
        assertThat(quota.take(client)).isNull();
        Session session = new Session(++ids, client, "token", reason -> {});
        AddressAssigner.Addresses fresh = addresses.allocate().orElseThrow();
        session.assign(fresh.v4(), 0, fresh.v6(), 0);
        return session;
    }
}
