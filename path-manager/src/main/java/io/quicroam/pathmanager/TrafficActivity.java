package io.quicroam.pathmanager;

import java.time.Duration;

/**
 * Whether the tunnel carries user traffic now, for probe pacing: the carrying path is probed fast only while traffic
 * flows and for {@link #IDLE_AFTER} after it stops; an idle tunnel's paths are all probed on the standby rhythm, so
 * an idle laptop does not wake its radio twenty times a second. The first packet after an idle spell is reported,
 * so that the carrying path is probed at once: a network that died while nobody used it is then found as fast as one
 * that dies under traffic.
 *
 * <p>Threads: {@link #touch} runs on the packet threads (the TUN reader, the paths' event loops), lock-free and
 * without allocating; two threads ending the same idle spell may both report it, which costs one extra probe.
 */
final class TrafficActivity {
    /**
     * How long after the last user packet the carrying path is still probed fast. A pause in typing or between two
     * requests is shorter; past it, the first packet's immediate probe covers the gap as well.
     */
    static final Duration IDLE_AFTER = Duration.ofSeconds(2);

    private static final long IDLE_AFTER_NANOS = IDLE_AFTER.toNanos();

    private volatile long lastNanos;

    /**
     * @param startNanos when the path manager started: its new paths are probed fast anyway, so traffic within
     *                   {@link #IDLE_AFTER} of it resumes nothing; traffic later than that, the first ever
     *                   included, does
     */
    TrafficActivity(long startNanos) {
        lastNanos = startNanos;
    }

    /** User traffic, sent or received, at {@code now}; true when it ends an idle spell. */
    boolean touch(long now) {
        long last = lastNanos;
        if (last != now) {
            lastNanos = now;
        }
        return now - last >= IDLE_AFTER_NANOS;
    }

    /** Whether user traffic passed within the last {@link #IDLE_AFTER}. */
    boolean active(long now) {
        return now - lastNanos < IDLE_AFTER_NANOS;
    }
}
