package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressAssignerTest {
    /** Room for exactly two clients: .0 and .1 are network and gateway. */
    private final AddressAssigner assigner = new AddressAssigner(
            IpPrefix.parse("100.64.0.0/30"), IpPrefix.parse("fd7a:5152:4f41::/64"), () -> 0L, Duration.ZERO);

    @Test
    void aNewSessionGetsOneAddressOfEachFamily() {
        AddressAssigner.Addresses addresses = assigner.allocate().orElseThrow();
        assertThat(addresses.v4()).isEqualTo(IpAddresses.parse("100.64.0.2"));
        assertThat(addresses.v6()).isEqualTo(IpAddresses.parse("fd7a:5152:4f41::2"));
    }

    @Test
    void aFamilyWithoutAPoolIsLeftOut() {
        AddressAssigner v4Only = new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), null, () -> 0L, Duration.ZERO);
        AddressAssigner.Addresses addresses = v4Only.allocate().orElseThrow();
        assertThat(addresses.v4()).isNotNull();
        assertThat(addresses.v6()).isNull();
    }

    @Test
    void anExhaustedPoolRefusesAndHoldsNothingBack() {
        AddressAssigner tightV6 = new AddressAssigner(
                IpPrefix.parse("100.64.0.0/29"),
                IpPrefix.parse("fd7a:5152:4f41::/126"), // six IPv4 hosts, two IPv6 hosts
                () -> 0L,
                Duration.ZERO);
        Session first = session(tightV6.allocate());
        session(tightV6.allocate());
        assertThat(tightV6.allocate()).as("IPv6 exhausted").isEmpty();
        // The refusal took 100.64.0.4 before IPv6 ran dry, and gave it back: it can still be claimed.
        var answer = tightV6.honour(first, request(new RequestedAddress(1, IpPrefix.parse("100.64.0.4/32"))));
        assertThat(answer.addresses()).contains(new AssignedAddress(1, IpPrefix.parse("100.64.0.4/32")));
    }

    @Test
    void anAddressRequestForAnyAddressKeepsTheCurrentOne() {
        Session session = session(assigner.allocate());
        var answer = assigner.honour(session, request(new RequestedAddress(7, IpPrefix.parse("0.0.0.0/32"))));
        assertThat(answer.addresses())
                .containsExactly(
                        new AssignedAddress(7, IpPrefix.parse("100.64.0.2/32")),
                        new AssignedAddress(0, IpPrefix.parse("fd7a:5152:4f41::2/128")));
    }

    @Test
    void anAddressRequestForAFreeAddressMovesTheSessionAndFreesTheOldOne() {
        Session alice = session(assigner.allocate());
        Session bob = session(assigner.allocate());
        var moved = assigner.honour(alice, request(new RequestedAddress(3, IpPrefix.parse("fd7a:5152:4f41::99/128"))));
        assertThat(moved.addresses()).contains(new AssignedAddress(3, IpPrefix.parse("fd7a:5152:4f41::99/128")));
        assertThat(alice.ipv6()).isEqualTo(IpAddresses.parse("fd7a:5152:4f41::99"));
        var taken = assigner.honour(bob, request(new RequestedAddress(4, IpPrefix.parse("fd7a:5152:4f41::2/128"))));
        assertThat(taken.addresses())
                .as("alice's old address is free again")
                .contains(new AssignedAddress(4, IpPrefix.parse("fd7a:5152:4f41::2/128")));
    }

    @Test
    void anAddressRequestForAPrefixHoldingTheCurrentAddressKeepsIt() {
        Session session = session(assigner.allocate());
        var answer = assigner.honour(session, request(new RequestedAddress(5, IpPrefix.parse("fd7a:5152:4f41::/120"))));
        assertThat(answer.addresses()).contains(new AssignedAddress(5, IpPrefix.parse("fd7a:5152:4f41::2/128")));
    }

    @Test
    void anAddressRequestThatCannotBeMetIsAnsweredWithTheZeroAddress() {
        Session alice = session(assigner.allocate());
        Session bob = session(assigner.allocate());
        // RFC 9484 §4.7.1: taken, outside the pool, or a prefix the pool cannot give: all-zero at full length.
        var answer = assigner.honour(
                bob,
                request(
                        new RequestedAddress(1, IpPrefix.host(alice.ipv4())),
                        new RequestedAddress(2, IpPrefix.parse("fd7a:5152:4f42::5/128")),
                        new RequestedAddress(3, IpPrefix.parse("fd7a:5152:4f41::100/120"))));
        assertThat(answer.addresses())
                .containsExactly(
                        new AssignedAddress(0, IpPrefix.host(bob.ipv4())),
                        new AssignedAddress(0, IpPrefix.host(bob.ipv6())),
                        new AssignedAddress(1, IpPrefix.parse("0.0.0.0/32")),
                        new AssignedAddress(2, IpPrefix.parse("::/128")),
                        new AssignedAddress(3, IpPrefix.parse("::/128")));
        assertThat(bob.ipv4()).as("unchanged").isEqualTo(IpAddresses.parse("100.64.0.3"));
    }

    @Test
    void everyRequestOfOneCapsuleIsAnsweredWithItsOwnRequestId() {
        // RFC 9484 §4.7.2: two requests for "any" IPv4 address both get the one the session has.
        Session session = session(assigner.allocate());
        var both = assigner.honour(
                session,
                request(
                        new RequestedAddress(1, IpPrefix.parse("0.0.0.0/32")),
                        new RequestedAddress(2, IpPrefix.parse("0.0.0.0/32"))));
        assertThat(both.addresses())
                .contains(
                        new AssignedAddress(1, IpPrefix.parse("100.64.0.2/32")),
                        new AssignedAddress(2, IpPrefix.parse("100.64.0.2/32")));
    }

    @Test
    void aRequestAnsweredByAnAddressALaterRequestMovedAwayFromIsRefused() {
        Session session = session(assigner.allocate());
        var moved = assigner.honour(
                session,
                request(
                        new RequestedAddress(5, IpPrefix.parse("0.0.0.0/32")),
                        new RequestedAddress(6, IpPrefix.parse("100.64.0.3/32"))));
        assertThat(moved.addresses())
                .contains(
                        new AssignedAddress(6, IpPrefix.parse("100.64.0.3/32")),
                        new AssignedAddress(5, IpPrefix.parse("0.0.0.0/32")))
                .doesNotContain(new AssignedAddress(5, IpPrefix.parse("100.64.0.2/32")));
        assertThat(session.ipv4()).isEqualTo(IpAddresses.parse("100.64.0.3"));
    }

    @Test
    void anAddressRequestForAFamilyWithoutAPoolIsRefused() {
        AddressAssigner v4Only = new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), null, () -> 0L, Duration.ZERO);
        Session session = session(v4Only.allocate());
        var answer = v4Only.honour(session, request(new RequestedAddress(4, IpPrefix.parse("::/128"))));
        assertThat(answer.addresses()).contains(new AssignedAddress(4, IpPrefix.parse("::/128")));
        assertThat(session.ipv6()).isNull();
    }

    @Test
    void releasedAddressesGoBackToTheirPools() {
        Session alice = session(assigner.allocate());
        session(assigner.allocate());
        assertThat(assigner.allocate()).isEmpty();
        assigner.release(alice, 0L);
        assertThat(session(assigner.allocate()).ipv4()).isEqualTo(alice.ipv4());
    }

    @Test
    void aReleasedAddressIsQuarantinedAgainstAnotherClientsAddressRequest() {
        VirtualTime time = new VirtualTime();
        AddressAssigner quarantining = new AddressAssigner(
                IpPrefix.parse("100.64.0.0/29"), null, time::nanos, GatewayLimits.DEFAULT_QUARANTINE);
        Session alice = session(quarantining.allocate());
        Session bob = session(quarantining.allocate());
        InetAddress alicesAddress = alice.ipv4();
        quarantining.release(alice, time.nanos()); // alice's session ended
        AddressRequest claim = request(new RequestedAddress(1, IpPrefix.host(alicesAddress)));

        time.advance(GatewayLimits.DEFAULT_QUARANTINE.minusMillis(1));
        assertThat(quarantining.honour(bob, claim).addresses())
                .as("within the quarantine: refused with the zero address (RFC 9484 §4.7.1)")
                .contains(new AssignedAddress(1, IpPrefix.parse("0.0.0.0/32")));
        assertThat(session(quarantining.allocate()).ipv4())
                .as("nor handed to a new session")
                .isNotEqualTo(alicesAddress);

        time.advance(Duration.ofMillis(1));
        assertThat(quarantining.honour(bob, claim).addresses())
                .as("after it")
                .contains(new AssignedAddress(1, IpPrefix.host(alicesAddress)));
    }

    @Test
    void anAddressMovedAwayFromIsQuarantinedToo() {
        VirtualTime time = new VirtualTime();
        AddressAssigner quarantining = new AddressAssigner(
                IpPrefix.parse("100.64.0.0/29"), null, time::nanos, GatewayLimits.DEFAULT_QUARANTINE);
        Session alice = session(quarantining.allocate());
        Session bob = session(quarantining.allocate());
        InetAddress old = alice.ipv4();
        quarantining.honour(alice, request(new RequestedAddress(1, IpPrefix.parse("100.64.0.7/32"))));
        assertThat(alice.ipv4()).isEqualTo(IpAddresses.parse("100.64.0.7"));
        assertThat(quarantining
                        .honour(bob, request(new RequestedAddress(2, IpPrefix.host(old))))
                        .addresses())
                .contains(new AssignedAddress(2, IpPrefix.parse("0.0.0.0/32")));
    }

    @Test
    void theQuarantineOfASessionInItsGraceTimeCountsFromItsLastPath() {
        VirtualTime time = new VirtualTime();
        AddressAssigner quarantining = new AddressAssigner(
                IpPrefix.parse("100.64.0.0/30"), null, time::nanos, GatewayLimits.DEFAULT_QUARANTINE);
        Session alice = session(quarantining.allocate());
        session(quarantining.allocate());
        long lastPathClosed = time.nanos();
        time.advance(GatewayLimits.DEFAULT_QUARANTINE.minusSeconds(10));
        assertThat(quarantining.quarantineOver(lastPathClosed)).isFalse();
        time.advance(Duration.ofSeconds(10));
        assertThat(quarantining.quarantineOver(lastPathClosed)).isTrue();
        quarantining.release(alice, lastPathClosed);
        assertThat(session(quarantining.allocate()).ipv4()).as("free at once").isEqualTo(alice.ipv4());
    }

    private static Session session(Optional<AddressAssigner.Addresses> addresses) {
        Session session = new Session(1, "alice", null, reason -> {});
        session.assign(addresses.orElseThrow().v4(), 0, addresses.orElseThrow().v6(), 0);
        return session;
    }

    private static AddressRequest request(RequestedAddress... addresses) {
        return new AddressRequest(List.of(addresses));
    }
}
