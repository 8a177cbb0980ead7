package io.quicroam.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.masque.ip.IcmpReplies;
import java.util.EnumMap;
import java.util.Map;

/**
 * The ICMP errors an endpoint sent and those its rate limit held back, by kind: {@code <prefix>_icmp_sent{type=...}}
 * and {@code <prefix>_icmp_rate_limited{type=...}}.
 */
public final class IcmpMeters implements IcmpReplies.Meter {
    private final Map<IcmpReplies.Kind, Counter> sent = new EnumMap<>(IcmpReplies.Kind.class);
    private final Map<IcmpReplies.Kind, Counter> limited = new EnumMap<>(IcmpReplies.Kind.class);

    public IcmpMeters(MeterRegistry registry, String prefix) {
        for (IcmpReplies.Kind kind : IcmpReplies.Kind.values()) {
            sent.put(
                    kind,
                    Counter.builder(prefix + "_icmp_sent")
                            .tag("type", kind.tag())
                            .description("ICMP errors sent about packets that were not forwarded")
                            .register(registry));
            limited.put(
                    kind,
                    Counter.builder(prefix + "_icmp_rate_limited")
                            .tag("type", kind.tag())
                            .description("ICMP errors not sent: over the rate limit")
                            .register(registry));
        }
    }

    @Override
    public void sent(IcmpReplies.Kind kind) {
        sent.get(kind).increment();
    }

    @Override
    public void rateLimited(IcmpReplies.Kind kind) {
        limited.get(kind).increment();
    }

    public double sentCount(IcmpReplies.Kind kind) {
        return sent.get(kind).count();
    }

    public double rateLimitedCount(IcmpReplies.Kind kind) {
        return limited.get(kind).count();
    }
}
