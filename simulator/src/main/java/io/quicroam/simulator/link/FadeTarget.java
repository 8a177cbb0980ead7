package io.quicroam.simulator.link;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Where a fade takes one direction: a constant bit rate and/or a Bernoulli loss probability. An absent value is
 * left alone. Immutable.
 */
public record FadeTarget(OptionalLong rateBitsPerSecond, OptionalDouble lossProbability) {

    /** Changes nothing. */
    public static final FadeTarget NONE = new FadeTarget(OptionalLong.empty(), OptionalDouble.empty());

    public FadeTarget {
        Objects.requireNonNull(rateBitsPerSecond, "rateBitsPerSecond");
        Objects.requireNonNull(lossProbability, "lossProbability");
        if (rateBitsPerSecond.isPresent() && rateBitsPerSecond.getAsLong() < 0) {
            throw new IllegalArgumentException("fade rate must be >= 0 bit/s, got " + rateBitsPerSecond.getAsLong());
        }
        double loss = lossProbability.orElse(0);
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("fade loss must be a probability in [0, 1], got " + loss);
        }
    }

    public static FadeTarget rate(long bitsPerSecond) {
        return new FadeTarget(OptionalLong.of(bitsPerSecond), OptionalDouble.empty());
    }

    public static FadeTarget loss(double probability) {
        return new FadeTarget(OptionalLong.empty(), OptionalDouble.of(probability));
    }

    public static FadeTarget rateAndLoss(long bitsPerSecond, double lossProbability) {
        return new FadeTarget(OptionalLong.of(bitsPerSecond), OptionalDouble.of(lossProbability));
    }
}
