package io.quicroam.pathmanager.policy;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;

/**
 * Probe pacing and path-health thresholds (YAML {@code probes:}).
 *
 * @param activeInterval     the active path is probed this often once it has been silent this long
 * @param standbyInterval    standby paths are probed this often (keeps NAT bindings, proves they work)
 * @param meteredMinInterval never probe a metered standby interface more often than this (the carrying path is exempt)
 * @param timeoutMin         a probe is lost after max(RTO, this); RTO follows RFC 6298 without its 1 s floor
 * @param lossWindow         loss ratio is measured over the last this-many probes
 * @param suspectAfter       consecutive lost probes that make a capable path SUSPECT
 * @param failedAfter        consecutive lost probes that make a path FAILED
 * @param recoverAfter       consecutive answered probes that bring a SUSPECT path back
 * @param readmitBackoff     first wait before a FAILED path is probed again (doubles up to readmitBackoffMax, which
 *                           bounds how long a path stays FAILED after its network is back)
 * @param readmitProbes      probes in one half-open trial; at least half must be answered to re-admit
 */
public record ProbeSettings(
        Duration activeInterval,
        Duration standbyInterval,
        Duration meteredMinInterval,
        Duration timeoutMin,
        int lossWindow,
        int suspectAfter,
        int failedAfter,
        int recoverAfter,
        Duration readmitBackoff,
        Duration readmitBackoffMax,
        int readmitProbes) {

    public static ProbeSettings defaults() {
        // 50 ms probes after 50 ms of silence and two losses in a row leave a silent network within ~250 ms
        // (the handover goal is 300 ms); one lost probe still flips nothing. A FAILED path is tried again at
        // least every 750 ms (three trial probes 50 ms apart), so it is back within ~1 s of its network.
        // Standby paths, and every path of an idle tunnel, every 25 s: the probe and its echo are the only packets
        // of an idle QUIC connection (quiche sends no keep-alive of its own), so they must come well within its 30 s
        // idle timeout, a lost one being re-sent after 50 ms; 25 s also keeps the 30 s UDP bindings of the
        // strictest NATs (what WireGuard users set as persistent keepalive).
        return new ProbeSettings(
                Duration.ofMillis(50),
                Duration.ofSeconds(25),
                Duration.ofSeconds(1),
                Duration.ofMillis(50),
                20,
                2,
                6,
                2,
                Duration.ofMillis(250),
                Duration.ofMillis(750),
                3);
    }

    static ProbeSettings read(ConfigMap m) throws ConfigException {
        ProbeSettings d = defaults();
        Duration active =
                m.duration("active-interval", d.activeInterval, Duration.ofMillis(10), Duration.ofSeconds(10));
        Duration standby =
                m.duration("standby-interval", d.standbyInterval, Duration.ofMillis(100), Duration.ofHours(1));
        Duration metered = m.duration("metered-min-interval", d.meteredMinInterval, Duration.ZERO, Duration.ofHours(1));
        Duration timeout = m.duration("timeout-min", d.timeoutMin, Duration.ofMillis(1), Duration.ofSeconds(10));
        int window = m.integer("loss-window", d.lossWindow, 1, 10_000);
        int suspect = m.integer("suspect-after", d.suspectAfter, 1, 1000);
        int failed = m.integer("failed-after", d.failedAfter, 1, 1000);
        int recover = m.integer("recover-after", d.recoverAfter, 1, 1000);
        Duration backoff = m.duration("readmit-backoff", d.readmitBackoff, Duration.ofMillis(10), Duration.ofHours(1));
        Duration backoffMax =
                m.duration("readmit-backoff-max", d.readmitBackoffMax, Duration.ofMillis(10), Duration.ofDays(1));
        int trial = m.integer("readmit-probes", d.readmitProbes, 1, 100);
        if (standby.compareTo(active) < 0) {
            throw m.error(
                    "standby-interval", "a duration no shorter than active-interval (" + active.toMillis() + "ms)");
        }
        if (failed <= suspect) {
            throw m.error("failed-after", "an integer greater than suspect-after (" + suspect + ")");
        }
        if (backoffMax.compareTo(backoff) < 0) {
            throw m.error("readmit-backoff-max", "a duration no shorter than readmit-backoff");
        }
        m.finish();
        return new ProbeSettings(
                active, standby, metered, timeout, window, suspect, failed, recover, backoff, backoffMax, trial);
    }
}
