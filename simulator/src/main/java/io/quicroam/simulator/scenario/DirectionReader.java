package io.quicroam.simulator.scenario;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.simulator.link.DelayModel;
import io.quicroam.simulator.link.Direction;
import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.LossModel;
import io.quicroam.simulator.link.MahimahiTrace;
import io.quicroam.simulator.link.QueueLimit;
import io.quicroam.simulator.link.RateModel;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Reads the keys that describe one link direction ({@code delay}, {@code jitter}, {@code reorder}, {@code loss},
 * {@code rate} or {@code trace}, {@code queue}) on top of a base configuration: a link's own keys set both
 * directions, and its {@code uplink:} / {@code downlink:} maps override them. Makes each trace once.
 */
final class DirectionReader {
    /** The loss models a scenario can name. */
    enum LossKind {
        BERNOULLI,
        GILBERT_ELLIOTT
    }

    static final String RATE_OR_TRACE = "either 'rate' or 'trace' in one place, not both";

    private final TraceReader traces = new TraceReader();

    /** The keys of {@code map} on top of {@code base} for {@code direction} (synthetic traces differ per direction). */
    DirectionConfig read(ConfigMap map, DirectionConfig base, Direction direction) throws ConfigException {
        DirectionConfig config = base;
        if (map.has("delay") || map.has("jitter") || map.has("reorder")) {
            config = config.withDelay(delay(map, base.delay()));
        }
        if (map.has("loss")) {
            config = config.withLoss(loss(map.map("loss").orElseThrow()));
        }
        if (map.has("rate") && map.has("trace")) {
            throw map.error("trace", RATE_OR_TRACE);
        }
        if (map.has("rate")) {
            config = config.withRate(rate(map, "rate"));
        }
        if (map.has("trace")) {
            config = config.withRate(new RateModel.TraceRate(trace(map, "trace", direction)));
        }
        if (map.has("queue")) {
            config = config.withQueue(queue(map.map("queue").orElseThrow()));
        }
        return config;
    }

    private static DelayModel delay(ConfigMap map, DelayModel base) throws ConfigException {
        Duration delay = map.duration("delay", base.delay(), Duration.ZERO, Duration.ofSeconds(10));
        Duration jitter = map.duration("jitter", base.jitter(), Duration.ZERO, Duration.ofSeconds(10));
        boolean reorder = map.bool("reorder", base.reordering());
        if (jitter.compareTo(delay) > 0) {
            // Uniform jitter in [-jitter, +jitter] must not make a packet arrive before it was sent.
            throw map.error(
                    map.has("jitter") ? "jitter" : "delay",
                    "jitter no larger than delay (" + delay.toMillis()
                            + "ms), since a packet cannot arrive before it is sent");
        }
        return new DelayModel(delay, jitter, reorder);
    }

    private static LossModel loss(ConfigMap loss) throws ConfigException {
        LossKind kind = loss.choice("model", LossKind.class, null);
        if (kind == null) {
            throw loss.error("model", "one of bernoulli, gilbert-elliott (required)");
        }
        LossModel model;
        if (kind == LossKind.BERNOULLI) {
            model = new LossModel.Bernoulli(probability(loss, "probability"));
        } else {
            double p = probability(loss, "p");
            double r = probability(loss, "r");
            double good = loss.decimal("loss-in-good", 0, 0, 1);
            double bad = loss.decimal("loss-in-bad", 1, 0, 1);
            if (p + r == 0) {
                throw loss.error("r", "p + r > 0: with both 0 the chain never settles on a loss rate");
            }
            model = new LossModel.GilbertElliott(p, r, good, bad);
        }
        loss.finish();
        return model;
    }

    private static double probability(ConfigMap map, String key) throws ConfigException {
        if (!map.has(key)) {
            throw map.error(key, "a probability between 0 and 1 (required)");
        }
        return map.decimal(key, 0, 0, 1);
    }

    static RateModel rate(ConfigMap map, String key) throws ConfigException {
        String text = map.requireString(key);
        if (text.trim().equalsIgnoreCase("unlimited")) {
            return RateModel.UNLIMITED;
        }
        OptionalLong bits = BitRates.parse(text);
        if (bits.isEmpty()) {
            throw map.error(key, BitRates.EXPECTED + ", or unlimited");
        }
        return new RateModel.ConstantRate(bits.getAsLong());
    }

    /** A trace for one direction: a file or a synthetic one (see {@link TraceReader}). */
    MahimahiTrace trace(ConfigMap map, String key, Direction direction) throws ConfigException {
        return traces.read(map, key, direction);
    }

    private static QueueLimit queue(ConfigMap queue) throws ConfigException {
        long bytes = queue.longValue("bytes", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int packets = queue.integer("packets", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        queue.finish();
        return new QueueLimit(bytes, packets);
    }
}
