package io.quicroam.simulator.link;

import java.util.SplittableRandom;

/** The running state of a loss model: decides, packet by packet, whether the packet is lost. */
interface LossProcess {

    /** Whether the packet arriving at {@code nowNanos} is lost. Called once per packet, in arrival order. */
    boolean lose(long nowNanos);

    /** The loss probability in effect at {@code nowNanos} (the long-run mean for stateful models). */
    double meanLoss(long nowNanos);

    static LossProcess start(LossModel model, SplittableRandom random) {
        if (model instanceof LossModel.GilbertElliott ge) {
            return new GilbertElliottProcess(ge, random);
        }
        double probability = ((LossModel.Bernoulli) model).probability();
        return new LossRamp(probability, probability, Ramp.instant(0), random);
    }
}
