package io.quicroam.pathmanager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quicroam.pathmanager.path.Trigger;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Micrometer meters of the path manager. Names are Micrometer's dotted form; the Prometheus registry renders
 * them as {@code quicroam_path_rtt_seconds}, {@code quicroam_path_loss_ratio}, {@code quicroam_path_state},
 * {@code quicroam_path_bytes_sent_total}, {@code quicroam_path_bytes_received_total},
 * {@code quicroam_path_probes_sent_total}, {@code quicroam_path_probes_lost_total} (tags {@code path},
 * {@code interface}) and {@code quicroam_path_switches_total} (tag {@code reason}). Tags never carry addresses.
 */
final class PathMetrics {
    /** The meters of one path, removed when it closes. */
    record PathMeters(Counter probesSent, Counter probesLost, List<Meter> all) {}

    private final MeterRegistry registry;

    PathMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    PathMeters register(PathEntry e) {
        Tags tags = Tags.of("path", e.id.label(), "interface", e.id.interfaceName());
        Gauge rtt = Gauge.builder("quicroam.path.rtt", e, x -> x.rttSeconds)
                .baseUnit("seconds")
                .tags(tags)
                .description("Smoothed round-trip time of the path's probes (RFC 6298)")
                .register(registry);
        Gauge loss = Gauge.builder("quicroam.path.loss.ratio", e, x -> x.lossRatio)
                .tags(tags)
                .description("Share of lost probes in the loss window")
                .register(registry);
        Gauge state = Gauge.builder("quicroam.path.state", e, x -> x.stateCode)
                .tags(tags)
                .description("0 probing, 1 active-capable, 2 suspect, 3 failed")
                .register(registry);
        FunctionCounter sent = FunctionCounter.builder("quicroam.path.bytes.sent", e.bytesSent, LongAdder::sum)
                .baseUnit("bytes")
                .tags(tags)
                .register(registry);
        FunctionCounter received = FunctionCounter.builder(
                        "quicroam.path.bytes.received", e.bytesReceived, LongAdder::sum)
                .baseUnit("bytes")
                .tags(tags)
                .register(registry);
        Counter probesSent =
                Counter.builder("quicroam.path.probes.sent").tags(tags).register(registry);
        Counter probesLost =
                Counter.builder("quicroam.path.probes.lost").tags(tags).register(registry);
        return new PathMeters(
                probesSent, probesLost, List.of(rtt, loss, state, sent, received, probesSent, probesLost));
    }

    void unregister(PathMeters meters) {
        meters.all().forEach(registry::remove);
    }

    void switched(Trigger reason) {
        registry.counter("quicroam.path.switches", "reason", reason.label()).increment();
    }
}
