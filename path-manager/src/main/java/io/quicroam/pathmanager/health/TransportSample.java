package io.quicroam.pathmanager.health;

/**
 * What the transport carrying a path knows of it at one moment, read by the agent from its QUIC connection and
 * handed over without naming QUIC: the path manager never sees the transport. Counters are cumulative since the
 * connection opened (the detector takes differences); a connection that restarted shows smaller counters, which
 * starts the differences afresh.
 *
 * @param srttNanos           the transport's smoothed RTT (RFC 9002 §5.3), 0 when it has none yet
 * @param sentPackets         packets sent
 * @param lostPackets         packets declared lost (RFC 9002 §6)
 * @param sentBytes           bytes sent: what the traffic asked of the path
 * @param deliveryRateBytes   the transport's estimate of what the path delivers, bytes per second (0: unknown)
 * @param cwndBytes           the congestion window (RFC 9002 §7), 0 when unknown: whether the traffic fills it tells
 *                            losses of its own making from the network's
 */
public record TransportSample(
        long srttNanos, long sentPackets, long lostPackets, long sentBytes, long deliveryRateBytes, long cwndBytes) {}
