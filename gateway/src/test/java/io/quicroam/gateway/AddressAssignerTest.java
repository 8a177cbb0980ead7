package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.ip.IpAddresses;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressAssignerTest {
    /** Room for exactly two clients: .0 and .1 are network and gateway. */
    private final AddressAssigner assigner =
            new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), IpPrefix.parse("fd7a:5152:4f41::/64"));

    @Test
    void aNewSessionGetsOneAddressOfEachFamily() {
        AddressAssigner.Addresses addresses = assigner.allocate().orElseThrow();
        assertThat(addresses.v4()).isEqualTo(IpAddresses.parse("100.64.0.2"));
        assertThat(addresses.v6()).isEqualTo(IpAddresses.parse("fd7a:5152:4f41::2"));
    }

    @Test
    void aFamilyWithoutAPoolIsLeftOut() {
        AddressAssigner v4Only = new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), null);
        AddressAssigner.Addresses addresses = v4Only.allocate().orElseThrow();
        assertThat(addresses.v4()).isNotNull();
        assertThat(addresses.v6()).isNull();
    }

    @Test
    void anExhaustedPoolRefusesAndHoldsNothingBack() {
        AddressAssigner tightV6 = new AddressAssigner(
                IpPrefix.parse("100.64.0.0/29"),
                IpPrefix.parse("fd7a:5152:4f41::/126")); // six IPv4 hosts, two IPv6 hosts
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
        AddressAssigner v4Only = new AddressAssigner(IpPrefix.parse("100.64.0.0/30"), null);
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
        assigner.release(alice);
        assertThat(session(assigner.allocate()).ipv4()).isEqualTo(alice.ipv4());
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
