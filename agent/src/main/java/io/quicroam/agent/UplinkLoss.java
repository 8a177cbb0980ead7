package io.quicroam.agent;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uplink loss on a connection (the carrying one, or a standby's light connection), from QUIC's own loss detection (RFC 9002 §6: packets declared lost) rather than
 * from probe echoes: against a stock proxy a probe is answered by any authenticated packet the proxy sends, so a
 * network that loses a third of what the laptop sends but delivers the proxy's packets would look perfect. Between
 * two probes, if quiche declared at least a quarter of the packets it sent lost, the probe counts as lost too, and
 * the path manager's loss window sees the path degrade ({@code PathHealth}: a quarter lost makes it SUSPECT).
 *
 * <p>Threads: the agent's event loop, where every connection's statistics are read.
 */
final class UplinkLoss {
    private static final Logger log = LoggerFactory.getLogger(UplinkLoss.class);
    /** The share of sent packets lost that makes a probe count as lost (PathHealth's degraded ratio). */
    static final double LOSSY = 0.25;
    /**
     * On the carrying connection, fewer packets sent than this since the last look say nothing: an idle path is judged
     * by its probes alone.
     */
    static final long CARRIER_MIN_SENT = 8;
    /**
     * On a standby's light connection, which sends little but its probes (one packet each, and their retransmissions):
     * a look every two probes or so, and any packet declared lost among them makes one probe count as lost, so an
     * audition's ten probes get about five looks. With four packets a look, a Wi-Fi losing 35 % of its uplink passed
     * its audition in one run of six in the simulator's lossy-uplink.
     */
    static final long STANDBY_MIN_SENT = 2;

    private final long minSent;

    private QuicChannel connection;
    private String interfaceName;
    private long baselineAtNanos;
    private long sent;
    private long lost;

    /** @param minSent the packets sent since the last look below which it says nothing */
    UplinkLoss(long minSent) {
        this.minSent = minSent;
    }

    /**
     * Whether {@code stats}, read from {@code of} at {@code nowNanos} for a probe on {@code on}, show a lossy uplink
     * since the last look. Another connection, or the same one moved to another interface, starts a new baseline, kept
     * fresh for {@link MovedCounters#SETTLE}: what the network left still had in flight is declared lost after the move
     * and says nothing of the new one.
     */
    boolean lossy(QuicChannel of, String on, QuicConnectionStats stats, long nowNanos) {
        if (of != connection || !on.equals(interfaceName)) {
            connection = of;
            interfaceName = on;
            baselineAtNanos = nowNanos;
        }
        if (nowNanos - baselineAtNanos < MovedCounters.SETTLE.toNanos()) {
            sent = stats.sent();
            lost = stats.lost();
            return false;
        }
        long sentSince = stats.sent() - sent;
        long lostSince = stats.lost() - lost;
        if (sentSince < minSent) {
            return false; // keep the baseline until enough was sent to judge
        }
        sent = stats.sent();
        lost = stats.lost();
        if (lostSince >= LOSSY * sentSince) {
            log.debug(
                    "QUIC declared {} of {} packets lost since the last probe: the probe counts as lost",
                    lostSince,
                    sentSince);
            return true;
        }
        return false;
    }
}
