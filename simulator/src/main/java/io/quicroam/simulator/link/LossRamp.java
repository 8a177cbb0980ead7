package io.quicroam.simulator.link;

import java.util.SplittableRandom;

/** Bernoulli loss whose probability moves linearly from one value to another over a ramp (constant after it). */
final class LossRamp implements LossProcess {
    private final double from;
    private final double to;
    private final Ramp ramp;
    private final SplittableRandom random;

    LossRamp(double from, double to, Ramp ramp, SplittableRandom random) {
        this.from = from;
        this.to = to;
        this.ramp = ramp;
        this.random = random;
    }

    @Override
    public boolean lose(long nowNanos) {
        double probability = meanLoss(nowNanos);
        // Draw even at probability 0 so that the random stream does not depend on the loss setting.
        return random.nextDouble() < probability;
    }

    @Override
    public double meanLoss(long nowNanos) {
        return ramp.interpolate(from, to, nowNanos);
    }
}
