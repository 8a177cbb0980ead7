package io.quicroam.agent;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uplink loss on a connection (the carrying one, or a standby's light connection), from QUIC's own loss detection
 * (RFC 9002 §6: packets declared lost) rather than from probe echoes: against a stock proxy a probe is answered by
 * any authenticated packet the proxy sends, so a network that loses a third of what the laptop sends but delivers
 * the proxy's packets would look perfect. Between two probes, if quiche declared at least a quarter of the packets it
 * sent lost, the probe counts as lost too, and the path manager's loss window sees the path degrade
 * ({@code PathHealth}: a quarter lost makes it SUSPECT).
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
     * audition's ten probes get about five looks (simulate lossy-uplink --strategy migrate, seeds 1-5: no move back
     * onto the Wi-Fi losing 35 % of its uplink).
     */
    static final long STANDBY_MIN_SENT = 2;

    private final long minSent;
    private final long settleNanos;

    private QuicChannel connection;
    private String interfaceName;
    private long baselineAtNanos;
    private long sent;
    private long lost;

    private UplinkLoss(long minSent, Duration settle) {
        this.minSent = minSent;
        this.settleNanos = settle.toNanos();
    }

    /** For the carrying connection, which moves between interfaces (migrate mode): a baseline settles after a move. */
    static UplinkLoss onCarrier() {
        return new UplinkLoss(CARRIER_MIN_SENT, MovedCounters.SETTLE);
    }

    /**
     * For a standby's light connection, which never moves: nothing to settle. Settling for half a second, it judged
     * nothing during an audition that began with its first look (the audition lasts as long), and migrate moved back
     * onto a lossy-uplink Wi-Fi in three runs of five.
     */
    static UplinkLoss onStandby() {
        return new UplinkLoss(STANDBY_MIN_SENT, Duration.ZERO);
    }

    /**
     * Whether {@code stats}, read from {@code of} at {@code nowNanos} for a probe on {@code on}, show a lossy uplink
     * since the last look. Another connection, or the same one moved to another interface, starts a new baseline, kept
     * fresh for the settle time ({@link MovedCounters#SETTLE} on the carrier): what the network left still had in
     * flight is declared lost after the move and says nothing of the new one.
     */
    boolean lossy(QuicChannel of, String on, QuicConnectionStats stats, long nowNanos) {
        boolean fresh = of != connection || !on.equals(interfaceName);
        if (fresh) {
            connection = of;
            interfaceName = on;
            baselineAtNanos = nowNanos;
        }
        if (fresh || nowNanos - baselineAtNanos < settleNanos) {
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
