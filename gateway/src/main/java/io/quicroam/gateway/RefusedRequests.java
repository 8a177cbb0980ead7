package io.quicroam.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.transport.RateLimitedLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT-IP requests the gateway refused, and QUIC connections that failed: counted by status (or by the kind of
 * failure), logged at most once a minute. Anyone on the Internet can cause them, so a line per failure would let
 * them fill the log; the counters say how many, the line says what kind.
 */
final class RefusedRequests {
    private static final Logger log = LoggerFactory.getLogger(RefusedRequests.class);

    private final MeterRegistry registry;
    private final Counter total;
    private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();
    private final Map<String, Counter> failuresByKind = new ConcurrentHashMap<>();
    private final RateLimitedLog refusedLog = RateLimitedLog.perMinute();
    private final RateLimitedLog failedLog = RateLimitedLog.perMinute();

    /** @param total counts every refusal, whatever its status */
    RefusedRequests(MeterRegistry registry, Counter total) {
        this.registry = registry;
        this.total = total;
    }

    /** A request answered with {@code status}; {@code reason} is for the log and names no client. */
    void refused(int status, String reason) {
        total.increment();
        byStatus.computeIfAbsent(
                        status,
                        s -> Counter.builder("quicroam_gateway_requests_refused")
                                .description("CONNECT-IP requests refused, by HTTP status")
                                .tag("status", Integer.toString(s))
                                .register(registry))
                .increment();
        long suppressed = refusedLog.tryLog();
        if (suppressed >= 0) {
            log.info(
                    "CONNECT-IP request refused with {}: {} ({} more refused since the last line)",
                    status,
                    reason,
                    suppressed);
        }
    }

    /** A QUIC connection failed: typically a refused TLS handshake (no or wrong client certificate, no group). */
    void connectionFailed(Throwable cause) {
        String kind = cause.getClass().getSimpleName();
        failuresByKind
                .computeIfAbsent(
                        kind,
                        k -> Counter.builder("quicroam_gateway_connections_failed")
                                .description("QUIC connections that failed, by exception")
                                .tag("kind", k)
                                .register(registry))
                .increment();
        long suppressed = failedLog.tryLog();
        if (suppressed >= 0) {
            log.info("a QUIC connection failed: {} ({} more failed since the last line)", kind, suppressed);
        }
        log.debug("connection failure", cause);
    }
}
