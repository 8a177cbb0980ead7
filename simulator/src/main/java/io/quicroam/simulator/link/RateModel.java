package io.quicroam.simulator.link;

import java.util.Objects;

/** How fast a link direction drains its queue (the stage after the queue). Immutable. */
public sealed interface RateModel permits RateModel.Unlimited, RateModel.ConstantRate, RateModel.TraceRate {

    /** No serialisation delay: packets leave the queue as soon as they enter it. */
    RateModel UNLIMITED = new Unlimited();

    /** See {@link #UNLIMITED}. */
    record Unlimited() implements RateModel {}

    /**
     * A fixed bit rate: each packet takes wireSize × 8 / rate to send, one after the other. Zero stalls the link
     * (packets wait, the queue fills) until the rate changes.
     */
    record ConstantRate(long bitsPerSecond) implements RateModel {
        public ConstantRate {
            if (bitsPerSecond < 0) {
                throw new IllegalArgumentException("rate must be >= 0 bit/s, got " + bitsPerSecond);
            }
        }
    }

    /**
     * Delivery opportunities from a mahimahi trace, spent exactly as mahimahi's {@code LinkQueue::rationalize}
     * does: each opportunity carries PACKET_SIZE = 1504 bytes of TUN frames, and a packet's frame is its wire size
     * plus mahimahi's 4-byte TUN packet-information header, so one opportunity carries one 1500-byte IP packet or
     * several smaller ones; a packet that does not fit is finished at the opportunity where its last byte goes
     * out; an opportunity with nothing queued is wasted (nothing banks up); only packets that arrived strictly
     * before an opportunity may use it; the trace loops with its last offset as the period, starting when the
     * direction is created or the trace is swapped in. Packets whose wire size exceeds 1500 are dropped as
     * {@link LinkDropReason#OVERSIZE} (mahimahi refuses frames above PACKET_SIZE).
     */
    record TraceRate(MahimahiTrace trace) implements RateModel {
        public TraceRate {
            Objects.requireNonNull(trace, "trace");
        }
    }
}
