package io.quicroam.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Asks the standbys for a fresh answer as soon as the carrying path's probes go unanswered, not only once the path
 * manager decided to leave it. A move away from a carrier that may still work waits for a standby heard within
 * {@link MoveGate#FRESH}, and standbys are probed every 25 s: a silent Wi-Fi was left only a round trip on LTE (plus the
 * proxy's ACK delay) after the decision, while every packet of that wait went into the silence (wifi-blackhole:
 * migrate lost 10-11 where bonded lost 5-6). Asked when the carrier's first probe is late, the standby's answer is
 * usually in when the decision comes, two lost probes later.
 *
 * <p>Threads: the path manager's.
 */
final class EarlyStandbyAnswers {
    /**
     * How long a carrier probe goes unanswered before the standbys are asked: the probe interval during a silence, and
     * above the RTT plus the proxy's ACK delay on a Wi-Fi carrier, so a healthy one asks nothing. On a slower carrier
     * (LTE: ~85 ms) a probe is late that often, which costs each standby at most one ask per {@link MoveGate#FRESH}.
     */
    static final Duration LATE = Duration.ofMillis(50);

    /** Whether a probe sent on an interface at or before a time still waits ({@link ProgressProbes#unansweredSince}). */
    private final BiPredicate<String, Long> unansweredSince;
    /** When a standby's light connection was last heard, or null ({@link StandbyLinks#heardNanos}). */
    private final Function<String, Long> heardNanos;
    /** Asks a standby over its light connection ({@link StandbyLinks#ping}). */
    private final Consumer<AgentPath> ping;

    private final Map<String, Long> askedNanos = new HashMap<>();

    EarlyStandbyAnswers(
            BiPredicate<String, Long> unansweredSince, Function<String, Long> heardNanos, Consumer<AgentPath> ping) {
        this.unansweredSince = unansweredSince;
        this.heardNanos = heardNanos;
        this.ping = ping;
    }

    /** A probe goes out on {@code carrier}; {@code others} are the connection's other paths. */
    void carrierProbed(AgentPath carrier, Iterable<AgentPath> others, long nowNanos) {
        if (!unansweredSince.test(carrier.interfaceName(), nowNanos - LATE.toNanos())) {
            return;
        }
        long fresh = MoveGate.FRESH.toNanos();
        for (AgentPath other : others) {
            String name = other.interfaceName();
            if (name.equals(carrier.interfaceName())) {
                continue;
            }
            Long heard = heardNanos.apply(name);
            Long asked = askedNanos.get(name);
            if ((heard == null || nowNanos - heard > fresh) && (asked == null || nowNanos - asked > fresh)) {
                askedNanos.put(name, nowNanos);
                ping.accept(other);
            }
        }
    }

    /** {@code interfaceName}'s path closed. */
    void forget(String interfaceName) {
        askedNanos.remove(interfaceName);
    }
}
