package io.quicroam.transport;

import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * QUIC transport settings shared by agent and gateway.
 *
 * <p>quiche sends at most 1200-byte UDP payloads by default, which leaves ~1150-byte DATAGRAM frames:
 * too small for the 1280-byte inner MTU that IPv6 and RFC 9484 §7.1 require. So path MTU discovery is on
 * (DPLPMTUD, RFC 8899, RFC 9000 §14.3): quiche starts at 1200 bytes and probes up to {@code maxUdpPayload}, the
 * ceiling. 1472 bytes is the largest UDP payload of a 1500-byte IPv4 link (1500 - 20 - 8); the agent lowers it per
 * path to what the interface carries ({@link #udpCeiling}). The probes only mean something when the sockets set
 * DF and never fragment (RFC 9000 §14): the agent and the gateway do so on Linux.
 *
 * @param maxUdpPayload          largest UDP payload sent and accepted
 * @param connectionIdLength     our connection IDs' length: every packet carries the peer's, so short is cheaper
 * @param datagramQueue          DATAGRAM frames quiche may hold received before it drops the oldest
 * @param idleTimeout            the connection closes after this long without a packet from the peer
 * @param congestionControl      quiche's congestion controller
 */
public record QuicTuning(
        int maxUdpPayload,
        int connectionIdLength,
        int datagramQueue,
        Duration idleTimeout,
        QuicCongestionControlAlgorithm congestionControl) {

    /** Per-packet cost of the QUIC short header, DATAGRAM frame header and AEAD tag, at most (RFC 9000 §17.3, RFC 9221 §4). */
    public static final int SHORT_HEADER_OVERHEAD = 1 + 20 + 4 + 3 + 16;

    /** IPv4 and IPv6 header without options, and UDP's: what a link's MTU holds besides the UDP payload. */
    private static final int IPV4_UDP_HEADERS = 20 + 8;

    private static final int IPV6_UDP_HEADERS = 40 + 8;
    /**
     * DATAGRAM frames quiche may hold waiting for the congestion window; beyond that {@link DatagramSender} counts
     * them as dropped ({@link DropReason#QUIC_QUEUE_FULL}). What waits here waits in front of the path manager's
     * probes too: in {@code TunnelOverloadTest} (30 000 packets at once) the path was judged dead and its connection
     * closed in about half the runs, whether the queue held 256, 1 024 or 4 096, taking what still waited with it,
     * uncounted (netty does not expose the queue's length). 256 cut {@code bench throughput}'s goodput at 1350 bytes
     * to a tenth (its source keeps 2 048 packets in flight), so it stays at 4 096.
     */
    static final int SEND_QUEUE = 4096;

    /** The smallest UDP payload every QUIC path carries (RFC 9000 §14). */
    public static final int MIN_UDP_PAYLOAD = 1200;

    public static QuicTuning defaults() {
        return new QuicTuning(1472, 4, 4096, Duration.ofSeconds(30), QuicCongestionControlAlgorithm.CUBIC);
    }

    public QuicTuning {
        if (maxUdpPayload < MIN_UDP_PAYLOAD || maxUdpPayload > 65_527) {
            throw new IllegalArgumentException("maxUdpPayload must be in [1200, 65527] (RFC 9000 §14)");
        }
        if (connectionIdLength < 0 || connectionIdLength > 20) {
            throw new IllegalArgumentException("connectionIdLength must be in [0, 20] (RFC 9000 §17.2)");
        }
    }

    /** Largest DATAGRAM frame payload we can count on: the UDP payload less the worst-case packet overhead. */
    public int maxDatagramPayload() {
        return datagramPayload(maxUdpPayload);
    }

    /** These settings with another ceiling for the UDP payload (a path's, from its interface's MTU). */
    public QuicTuning withMaxUdpPayload(int value) {
        return new QuicTuning(value, connectionIdLength, datagramQueue, idleTimeout, congestionControl);
    }

    /**
     * The DATAGRAM frame payload a UDP payload of {@code udpPayload} bytes leaves, counting the longest connection
     * ID the peer may have chosen: quiche's own figure uses the actual one, so ours never exceeds it.
     */
    public static int datagramPayload(int udpPayload) {
        return udpPayload - SHORT_HEADER_OVERHEAD;
    }

    /**
     * The largest UDP payload a link of {@code linkMtu} bytes carries in one unfragmented packet, within
     * [{@link #MIN_UDP_PAYLOAD}, {@code maxUdpPayload}]: a link below QUIC's minimum still gets the minimum, and
     * PMTUD and the tunnel's 1280-byte check judge it.
     */
    public int udpCeiling(int linkMtu, boolean ipv6) {
        int payload = linkMtu - (ipv6 ? IPV6_UDP_HEADERS : IPV4_UDP_HEADERS);
        return Math.max(MIN_UDP_PAYLOAD, Math.min(maxUdpPayload, payload));
    }

    /** Applies these settings and the flow-control windows an HTTP/3 tunnel needs. */
    public <B extends QuicCodecBuilder<B>> B apply(B builder) {
        return builder.maxSendUdpPayloadSize(maxUdpPayload)
                .maxRecvUdpPayloadSize(maxUdpPayload)
                .discoverPmtu(true)
                .localConnectionIdLength(connectionIdLength)
                .datagram(datagramQueue, SEND_QUEUE)
                .congestionControlAlgorithm(congestionControl)
                .maxIdleTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(16L << 20)
                .initialMaxStreamDataBidirectionalLocal(1L << 20)
                .initialMaxStreamDataBidirectionalRemote(1L << 20)
                .initialMaxStreamDataUnidirectional(1L << 20)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100);
    }
}
