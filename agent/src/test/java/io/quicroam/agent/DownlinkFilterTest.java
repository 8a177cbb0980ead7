package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IcmpErrors;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the agent lets through from the proxy into the device (RFC 9484 §7.2, both ends). */
class DownlinkFilterTest {
    private static final InetAddress OURS = IpAddresses.parse("100.64.0.2");
    private static final InetAddress SERVER = IpAddresses.parse("198.19.0.2");

    private TunnelAssignment assignment = new TunnelAssignment(
            List.of(
                    new AssignedAddress(0, IpPrefix.host(OURS)),
                    new AssignedAddress(0, IpPrefix.host(IpAddresses.parse("fd7a:5152:4f41::2")))),
            List.of(new IpAddressRange(SERVER, IpAddresses.parse("198.19.0.255"), 0)));
    private final DownlinkFilter filter = new DownlinkFilter(() -> assignment);

    @Test
    void aPacketFromTheRoutesToOurAddressIsDelivered() {
        assertThat(filter.check(udp(SERVER, OURS))).isNull();
    }

    @Test
    void aPacketForAnotherAddressNeverReachesTheDevice() {
        // With ip_forward=1 the laptop would route it on: the proxy must not use the laptop as a router.
        for (String other : new String[] {"192.168.1.10", "100.64.0.3"}) {
            assertThat(filter.check(udp(SERVER, IpAddresses.parse(other))))
                    .isEqualTo(DropReason.UNASSIGNED_DESTINATION);
        }
    }

    @Test
    void aSourceOutsideTheAdvertisedRoutesIsDroppedUnlessItIsAnIcmpError() {
        InetAddress elsewhere = IpAddresses.parse("203.0.113.5");
        assertThat(filter.check(udp(elsewhere, OURS))).isEqualTo(DropReason.OUTSIDE_ROUTES);
        // RFC 9484 §7.2: errors may come from the proxy's own address or a router on the way.
        ByteBuf error = IcmpErrors.timeExceeded(
                UnpooledByteBufAllocator.DEFAULT, udp(OURS, SERVER), IpAddresses.parse("100.64.0.1"));
        assertThat(filter.check(error)).isNull();
    }

    @Test
    void malformedPacketsAndPacketsBeforeAnyAssignmentAreDropped() {
        ByteBuf truncated = udp(SERVER, OURS);
        truncated.writerIndex(truncated.writerIndex() - 1);
        assertThat(filter.check(truncated)).isEqualTo(DropReason.MALFORMED_PACKET);
        assignment = TunnelAssignment.NONE;
        assertThat(filter.check(udp(SERVER, OURS))).isEqualTo(DropReason.UNASSIGNED_DESTINATION);
    }

    @Test
    void theRulesFollowANewAssignment() {
        InetAddress next = IpAddresses.parse("100.64.0.9");
        assertThat(filter.check(udp(SERVER, next))).isEqualTo(DropReason.UNASSIGNED_DESTINATION);
        assignment = assignment.withAddresses(List.of(new AssignedAddress(0, IpPrefix.host(next))));
        assertThat(filter.check(udp(SERVER, next))).isNull();
        assertThat(filter.check(udp(SERVER, OURS))).isEqualTo(DropReason.UNASSIGNED_DESTINATION);
    }

    private static ByteBuf udp(InetAddress source, InetAddress destination) {
        return IpPacketBuilder.udp(source, destination, 5000, 40000, new byte[8]);
    }
}
