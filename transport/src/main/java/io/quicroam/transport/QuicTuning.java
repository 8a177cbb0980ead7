package io.quicroam.transport;

import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * QUIC transport settings shared by agent and gateway.
 *
 * <p>quiche sends at most 1200-byte UDP payloads by default, which leaves ~1150-byte DATAGRAM frames:
 * too small for the 1280-byte inner MTU that IPv6 and RFC 9484 §10.1 require. 1452 bytes is the largest
 * UDP payload that fits a 1500-byte link under IPv6 (1500 - 40 - 8), and leaves room for a 1400-byte inner MTU.
 *
 * @param maxUdpPayload          largest UDP payload sent and accepted
 * @param connectionIdLength     our connection IDs' length: every packet carries the peer's, so short is cheaper
 * @param datagramQueue          DATAGRAM frames quiche may queue each way before it drops
 * @param idleTimeout            the connection closes after this long without a packet from the peer
 * @param congestionControl      quiche's congestion controller
 */
public record QuicTuning(int maxUdpPayload, int connectionIdLength, int datagramQueue, Duration idleTimeout,
                         QuicCongestionControlAlgorithm congestionControl) {

    /** Per-packet cost of the QUIC short header, DATAGRAM frame header and AEAD tag, at most (RFC 9000 §17.3, RFC 9221 §4). */
    public static final int SHORT_HEADER_OVERHEAD = 1 + 20 + 4 + 3 + 16;

    public static QuicTuning defaults() {
        return new QuicTuning(1452, 4, 4096, Duration.ofSeconds(30), QuicCongestionControlAlgorithm.CUBIC);
    }

    public QuicTuning {
        if (maxUdpPayload < 1200 || maxUdpPayload > 65_527) {
            throw new IllegalArgumentException("maxUdpPayload must be in [1200, 65527] (RFC 9000 §14)");
        }
        if (connectionIdLength < 0 || connectionIdLength > 20) {
            throw new IllegalArgumentException("connectionIdLength must be in [0, 20] (RFC 9000 §17.2)");
        }
    }

    /** Largest DATAGRAM frame payload we can count on: the UDP payload less the worst-case packet overhead. */
    public int maxDatagramPayload() {
        return maxUdpPayload - SHORT_HEADER_OVERHEAD;
    }

    /** Applies these settings and the flow-control windows an HTTP/3 tunnel needs. */
    public <B extends QuicCodecBuilder<B>> B apply(B builder) {
        return builder
                .maxSendUdpPayloadSize(maxUdpPayload)
                .maxRecvUdpPayloadSize(maxUdpPayload)
                .localConnectionIdLength(connectionIdLength)
                .datagram(datagramQueue, datagramQueue)
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
