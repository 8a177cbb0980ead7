package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.ip.IcmpReplies;
import org.junit.jupiter.api.Test;

/** The ICMP errors an endpoint sent and held back, by kind, under the names operators scrape. */
class IcmpMetersTest {

    @Test
    void eachKindIsCountedApartUnderItsTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IcmpMeters meters = new IcmpMeters(registry, "quicroam_gateway");

        meters.sent(IcmpReplies.Kind.TOO_BIG);
        meters.sent(IcmpReplies.Kind.TOO_BIG);
        meters.rateLimited(IcmpReplies.Kind.TOO_BIG);
        meters.sent(IcmpReplies.Kind.PROHIBITED);

        assertThat(meters.sentCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(2);
        assertThat(meters.rateLimitedCount(IcmpReplies.Kind.TOO_BIG)).isEqualTo(1);
        assertThat(meters.sentCount(IcmpReplies.Kind.PROHIBITED)).isEqualTo(1);
        assertThat(meters.rateLimitedCount(IcmpReplies.Kind.PROHIBITED)).isZero();
        assertThat(meters.sentCount(IcmpReplies.Kind.TIME_EXCEEDED)).isZero();
        assertThat(registry.get("quicroam_gateway_icmp_sent")
                        .tag("type", "too-big")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("quicroam_gateway_icmp_rate_limited")
                        .tag("type", "too-big")
                        .counter()
                        .count())
                .isEqualTo(1);
        // Every kind is registered from the start: a scrape shows the zeros, not a missing series.
        for (IcmpReplies.Kind kind : IcmpReplies.Kind.values()) {
            assertThat(registry.find("quicroam_gateway_icmp_sent")
                            .tag("type", kind.tag())
                            .counter())
                    .as(kind.tag())
                    .isNotNull();
        }
    }
}
