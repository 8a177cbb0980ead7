package io.quicroam.simulator.link;

/**
 * How a link direction loses packets, decided independently of queue and rate (the first stage of the pipeline).
 * Immutable; each direction draws from its own seeded random stream.
 */
public sealed interface LossModel permits LossModel.Bernoulli, LossModel.GilbertElliott {

    /** No random loss. */
    LossModel NONE = new Bernoulli(0);

    /** The long-run fraction of packets this model loses. */
    double meanLoss();

    /** Each packet is lost independently with {@code probability}. */
    record Bernoulli(double probability) implements LossModel {
        public Bernoulli {
            requireProbability("probability", probability);
        }

        @Override
        public double meanLoss() {
            return probability;
        }
    }

    /**
     * Two-state Markov loss (Gilbert-Elliott, parameterised as Linux netem's {@code gemodel}): each packet is lost
     * with {@code lossInGood} or {@code lossInBad} depending on the current state, then the state moves from good to
     * bad with {@code goodToBad} (p) or from bad to good with {@code badToGood} (r).
     */
    record GilbertElliott(double goodToBad, double badToGood, double lossInGood, double lossInBad)
            implements LossModel {
        public GilbertElliott {
            requireProbability("goodToBad", goodToBad);
            requireProbability("badToGood", badToGood);
            requireProbability("lossInGood", lossInGood);
            requireProbability("lossInBad", lossInBad);
            if (goodToBad + badToGood == 0) {
                throw new IllegalArgumentException(
                        "goodToBad + badToGood must be > 0: the chain needs a stationary state");
            }
        }

        /** Stationary probability of the bad state, p / (p + r). */
        public double stationaryBad() {
            return goodToBad / (goodToBad + badToGood);
        }

        /** π_bad · lossInBad + π_good · lossInGood. */
        @Override
        public double meanLoss() {
            double bad = stationaryBad();
            return bad * lossInBad + (1 - bad) * lossInGood;
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + value);
        }
    }
}
