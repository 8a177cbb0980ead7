package io.quicroam.agent;

import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the laptop slept: the monotonic clock ({@link TimeSource#nanos()}, Linux CLOCK_MONOTONIC) stands
 * still while the machine is suspended but the wall clock keeps going, so after a resume the wall clock has moved
 * further than the monotonic one since the last look. Then every path should be probed at once (its NAT binding
 * may be gone, the network may have changed) instead of waiting for the probe timers: {@code onJump} gets how long
 * the machine was away. A wall clock set backwards (NTP) is not a sleep and is ignored.
 */
public final class ClockJumpDetector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClockJumpDetector.class);

    /** How often the two clocks are compared. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    /** Wall-clock gain above which the machine is taken to have slept; NTP slews are far smaller. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(3);

    private final Clock wall;
    private final TimeSource time;
    private final Duration interval;
    private final long thresholdNanos;
    private final Consumer<Duration> onJump;
    private long lastWallNanos;
    private long lastMonotonicNanos;
    private Cancellable next = () -> {};
    private boolean closed;

    /**
     * @param wall      the wall clock (system UTC in production)
     * @param time      the monotonic clock and the thread the checks and {@code onJump} run on
     * @param interval  how often to compare
     * @param threshold how much more the wall clock must have moved to count as a sleep
     * @param onJump    called with the time the machine was away, e.g. {@code d -> agent.reprobeAll()}
     */
    public ClockJumpDetector(
            Clock wall, TimeSource time, Duration interval, Duration threshold, Consumer<Duration> onJump) {
        if (interval.isNegative() || interval.isZero() || threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException(
                    "interval and threshold must be positive: " + interval + ", " + threshold);
        }
        this.wall = Objects.requireNonNull(wall, "wall");
        this.time = Objects.requireNonNull(time, "time");
        this.interval = interval;
        this.thresholdNanos = threshold.toNanos();
        this.onJump = Objects.requireNonNull(onJump, "onJump");
    }

    /** Takes the first reading and starts comparing every interval. */
    public ClockJumpDetector start() {
        time.execute(() -> {
            lastWallNanos = wallNanos();
            lastMonotonicNanos = time.nanos();
            next = time.schedule(interval, this::check);
        });
        return this;
    }

    private void check() {
        if (closed) {
            return;
        }
        long wallNow = wallNanos();
        long monotonicNow = time.nanos();
        long gained = (wallNow - lastWallNanos) - (monotonicNow - lastMonotonicNanos);
        lastWallNanos = wallNow;
        lastMonotonicNanos = monotonicNow;
        if (gained >= thresholdNanos) {
            Duration away = Duration.ofNanos(gained);
            log.info(
                    "the wall clock jumped {} s ahead of the monotonic clock (resumed from sleep?): probing every path now",
                    away.toSeconds());
            try {
                onJump.accept(away);
            } catch (RuntimeException e) {
                log.warn("reacting to a clock jump failed", e);
            }
        } else if (-gained >= thresholdNanos) {
            log.debug("the wall clock went back {} ms (set by hand or NTP); not a sleep", -gained / 1_000_000);
        }
        next = time.schedule(interval, this::check);
    }

    private long wallNanos() {
        Instant now = wall.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        time.execute(() -> {
            closed = true;
            next.cancel();
        });
    }
}
