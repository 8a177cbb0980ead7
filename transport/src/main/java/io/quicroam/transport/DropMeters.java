package io.quicroam.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** One counter per {@link DropReason} under one metric name (e.g. {@code quicroam_agent_drops{reason=...}}). */
public final class DropMeters implements DropCounter {
    private final Map<DropReason, Counter> counters = new EnumMap<>(DropReason.class);

    public DropMeters(MeterRegistry registry, String name) {
        for (DropReason reason : DropReason.values()) {
            counters.put(
                    reason,
                    Counter.builder(name)
                            .tag("reason", reason.tag())
                            .description("Packets and datagrams dropped, by reason")
                            .register(registry));
        }
    }

    @Override
    public void dropped(DropReason reason) {
        counters.get(reason).increment();
    }

    public double count(DropReason reason) {
        return counters.get(reason).count();
    }
}
