package io.quicroam.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.transport.RateLimitedLog;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what the quotas refused, by quota ({@code quicroam_gateway_quota_refused_total{quota}}), and the sessions
 * ended early in their grace time to make room ({@code quicroam_gateway_sessions_reclaimed_total}); says so in the
 * log at most once a minute per quota.
 */
public final class QuotaMeters {
    private static final Logger log = LoggerFactory.getLogger(QuotaMeters.class);

    private final Map<Quota, Counter> refused = new EnumMap<>(Quota.class);
    private final Map<Quota, RateLimitedLog> logs = new EnumMap<>(Quota.class);
    private final Counter reclaimed;

    QuotaMeters(MeterRegistry registry) {
        for (Quota quota : Quota.values()) {
            refused.put(
                    quota,
                    Counter.builder("quicroam_gateway_quota_refused")
                            .description("Connections and requests refused by a quota (limits in gateway.yaml)")
                            .tag("quota", quota.tag())
                            .register(registry));
            logs.put(quota, RateLimitedLog.perMinute());
        }
        reclaimed = Counter.builder("quicroam_gateway_sessions_reclaimed")
                .description("Sessions in their grace time ended early to make room for a new one")
                .register(registry);
    }

    /** A connection or request refused by {@code quota}; {@code answer} is what it got. */
    void refused(Quota quota, String answer) {
        refused.get(quota).increment();
        long suppressed = logs.get(quota).tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "quota {} reached: refused with {}; counted under quota_refused{{quota={}}}, {} more since the "
                            + "last such line",
                    quota.tag(),
                    answer,
                    quota.tag(),
                    suppressed);
        }
    }

    public double refusedCount(Quota quota) {
        return refused.get(quota).count();
    }

    void reclaimed() {
        reclaimed.increment();
    }

    public double reclaimedCount() {
        return reclaimed.count();
    }
}
