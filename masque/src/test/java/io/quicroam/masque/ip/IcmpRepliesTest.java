package io.quicroam.masque.ip;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which bad packets get an answer, from which address, and how the limit counts. */
class IcmpRepliesTest {
    private static final InetAddress ROUTER_V4 = IpAddresses.parse("100.64.0.1");
    private static final InetAddress SENDER_V4 = IpAddresses.parse("198.19.0.2");
    private static final InetAddress SENDER_V6 = IpAddresses.parse("2001:db8::2");
    private static final InetAddress CLIENT_V4 = IpAddresses.parse("100.64.0.2");
    private static final InetAddress CLIENT_V6 = IpAddresses.parse("fd7a:5152:4f41::2");

    private long now;
    private final Map<IcmpReplies.Kind, Integer> sent = new EnumMap<>(IcmpReplies.Kind.class);
    private final Map<IcmpReplies.Kind, Integer> limited = new EnumMap<>(IcmpReplies.Kind.class);
    /** IPv4 only, as a gateway with no IPv6 pool; burst 2 per destination, 1 per second. */
    private final IcmpReplies replies = new IcmpReplies(
            UnpooledByteBufAllocator.DEFAULT,
            new IcmpRateLimiter(() -> now, 1, 2, 100, 16),
            p -> IpPacket.version(p) == 4 ? ROUTER_V4 : null,
            new IcmpReplies.Meter() {
                @Override
                public void sent(IcmpReplies.Kind kind) {
                    sent.merge(kind, 1, Integer::sum);
                }

                @Override
                public void rateLimited(IcmpReplies.Kind kind) {
                    limited.merge(kind, 1, Integer::sum);
                }
            });

    @Test
    void tooBigCarriesTheMtuFromTheRoutersAddress() {
        ByteBuf error = replies.tooBig(udp(SENDER_V4, CLIENT_V4, 1472), 1400);
        assertThat(error).isNotNull();
        assertThat(IpPacket.source(error)).isEqualTo(ROUTER_V4);
        assertThat(IpPacket.destination(error)).isEqualTo(SENDER_V4);
        assertThat(IcmpView.type(error)).isEqualTo(3);
        assertThat(IcmpView.code(error)).isEqualTo(4);
        assertThat(error.getUnsignedShort(error.readerIndex() + 20 + 6))
                .as("next-hop MTU, RFC 1191 §4")
                .isEqualTo(1400);
        assertThat(sent).containsEntry(IcmpReplies.Kind.TOO_BIG, 1);
    }

    @Test
    void aLinkMtuAboveWhatIpv4CanSayIsToldAsTheLargestIpv4Datagram() {
        // found by IpPacketFuzzTest (issue #14): it threw IllegalArgumentException instead of answering
        ByteBuf error = replies.tooBig(udp(SENDER_V4, CLIENT_V4, 1472), 70_000);
        assertThat(error.getUnsignedShort(error.readerIndex() + 20 + 6))
                .as("16-bit next-hop MTU, RFC 1191 §4")
                .isEqualTo(65535);
    }

    @Test
    void ipv4WithoutDontFragmentIsNotToldItIsTooBig() {
        ByteBuf fragmentable = udp(SENDER_V4, CLIENT_V4, 1472);
        fragmentable.setShort(6, 0); // DF clear
        InternetChecksum.updateIpv4Header(fragmentable);
        assertThat(replies.tooBig(fragmentable, 1400)).isNull();
        assertThat(sent).isEmpty();
        assertThat(limited).as("not a rate-limit matter: never answered").isEmpty();
    }

    @Test
    void noAnswerWithoutASourceOfThatFamilyOrBelowTheTunnelMinimumMtu() {
        assertThat(replies.tooBig(udp(SENDER_V6, CLIENT_V6, 1400), 1300))
                .as("no IPv6 source")
                .isNull();
        IcmpReplies v6 = new IcmpReplies(
                UnpooledByteBufAllocator.DEFAULT,
                IcmpRateLimiter.withDefaults(),
                IpPacket::destination,
                new IcmpReplies.Meter() {
                    @Override
                    public void sent(IcmpReplies.Kind kind) {}

                    @Override
                    public void rateLimited(IcmpReplies.Kind kind) {}
                });
        assertThat(v6.tooBig(udp(SENDER_V6, CLIENT_V6, 1400), 1279))
                .as("RFC 8200 §5: never below 1280")
                .isNull();
        assertThat(replies.tooBig(udp(SENDER_V4, CLIENT_V4, 1400), 1279))
                .as("a path still discovering its MTU is never told to an IPv4 sender")
                .isNull();
        assertThat(v6.tooBig(udp(SENDER_V6, CLIENT_V6, 1400), 1280)).isNotNull();
    }

    @Test
    void errorsAreNeverAnsweredAndTheRestIsRateLimitedPerKind() {
        ByteBuf expired = udp(SENDER_V4, CLIENT_V4, 10);
        ByteBuf error = replies.timeExceeded(expired);
        assertThat(IcmpView.type(error)).isEqualTo(11);
        assertThat(replies.prohibited(error))
                .as("RFC 1812 §4.3.2.7: no error about an error")
                .isNull();
        assertThat(replies.prohibited(udp(SENDER_V4, CLIENT_V4, 10))).isNotNull();
        assertThat(replies.timeExceeded(udp(SENDER_V4, CLIENT_V4, 10)))
                .as("the burst of 2 is spent")
                .isNull();
        now += 1_000_000_000L;
        assertThat(replies.timeExceeded(udp(SENDER_V4, CLIENT_V4, 10))).isNotNull();
        assertThat(sent).containsEntry(IcmpReplies.Kind.TIME_EXCEEDED, 2).containsEntry(IcmpReplies.Kind.PROHIBITED, 1);
        assertThat(limited)
                .containsOnlyKeys(IcmpReplies.Kind.TIME_EXCEEDED)
                .containsEntry(IcmpReplies.Kind.TIME_EXCEEDED, 1);
    }

    private static ByteBuf udp(InetAddress source, InetAddress destination, int payload) {
        return IpPacketBuilder.udp(source, destination, 5000, 40000, new byte[payload]);
    }
}
