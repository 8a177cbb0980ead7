package io.quicroam.simulator.link;

import java.util.SplittableRandom;

/** Gilbert-Elliott state machine: lose according to the current state, then move (netem's order). */
final class GilbertElliottProcess implements LossProcess {
    private final LossModel.GilbertElliott model;
    private final SplittableRandom random;
    private boolean bad;

    GilbertElliottProcess(LossModel.GilbertElliott model, SplittableRandom random) {
        this.model = model;
        this.random = random;
        // Start from the stationary distribution so that short runs are as lossy as long ones on average.
        this.bad = random.nextDouble() < model.stationaryBad();
    }

    @Override
    public boolean lose(long nowNanos) {
        boolean lost = random.nextDouble() < (bad ? model.lossInBad() : model.lossInGood());
        bad = bad ? random.nextDouble() >= model.badToGood() : random.nextDouble() < model.goodToBad();
        return lost;
    }

    @Override
    public double meanLoss(long nowNanos) {
        return model.meanLoss();
    }
}
