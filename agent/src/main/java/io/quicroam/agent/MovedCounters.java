package io.quicroam.agent;

import io.quicroam.pathmanager.health.TransportSample;
import java.time.Duration;

/**
 * One QUIC connection's counters, each interface charged only for what it carried. Migrate mode moves the connection
 * between interfaces beneath QUIC, so quiche's counters run on across a move, and what was in flight on the network
 * just left (after a silent Wi-Fi: everything sent since it went dark) is declared lost only once the new network's
 * ACKs arrive (RFC 9002 §6.1), after the move. Charged to the new interface, those losses made LTE look lossy right
 * after it took over (the fade detector's loss signal), sent the traffic back to the dead Wi-Fi and ended in a
 * reconnect (StockProxyMigrationTest, about one run in two under load). So counting starts afresh for each interface
 * the connection's samples go to, and stays at zero for {@link #SETTLE} while the old network's packets are declared.
 *
 * <p>Threads: the connection's event loop, where its statistics are read.
 */
final class MovedCounters {
    /**
     * How long after a move the losses QUIC declares belong to the network left: its packets in flight are declared
     * lost within about an RTT of the new network's first ACKs (RFC 9002 §6.1.2: 9/8 RTT), or at the probe timeout.
     */
    static final Duration SETTLE = Duration.ofMillis(500);

    private String interfaceName;
    private long movedAtNanos;
    private long sent;
    private long lost;
    private long bytes;

    /** {@code sample}, read at {@code nowNanos} for {@code to}, counted from when the connection's samples went there. */
    TransportSample charge(String to, TransportSample sample, long nowNanos) {
        if (!to.equals(interfaceName)) {
            interfaceName = to;
            movedAtNanos = nowNanos;
        }
        if (nowNanos - movedAtNanos < SETTLE.toNanos()) {
            sent = sample.sentPackets();
            lost = sample.lostPackets();
            bytes = sample.sentBytes();
        }
        return new TransportSample(
                sample.srttNanos(),
                sample.sentPackets() - sent,
                sample.lostPackets() - lost,
                sample.sentBytes() - bytes,
                sample.deliveryRateBytes(),
                sample.cwndBytes());
    }
}
