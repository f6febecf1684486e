package org.pdeflow.operators.training;

/**
 * Learning rate as a function of the optimizer step (0-based), so that a resumed run continues on
 * the same curve.
 */
public sealed interface LearningRateSchedule {

    /**
     * @param step number of optimizer steps already taken
     * @return the learning rate for the next step
     */
    double at(long step);

    /** A fixed rate. */
    record Constant(double rate) implements LearningRateSchedule {
        /** Validates the rate. */
        public Constant {
            positive(rate);
        }

        @Override
        public double at(long step) {
            return rate;
        }
    }

    /**
     * Cosine annealing (Loshchilov and Hutter 2017, without restarts):
     * lr(t) = floor + (base - floor) (1 + cos(pi t / T)) / 2 for t &lt; T, floor after.
     *
     * @param base initial rate
     * @param totalSteps T
     * @param floor final rate, 0 &lt;= floor &lt;= base
     */
    record Cosine(double base, long totalSteps, double floor) implements LearningRateSchedule {
        /** Validates the arguments. */
        public Cosine {
            positive(base);
            if (totalSteps < 1 || !(floor >= 0 && floor <= base)) {
                throw new IllegalArgumentException("cosine schedule needs totalSteps >= 1 and 0 <= floor <= base, got "
                        + totalSteps + ", " + floor);
            }
        }

        @Override
        public double at(long step) {
            if (step >= totalSteps) {
                return floor;
            }
            return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
        }
    }

    /**
     * Step decay, as in the FNO paper (halve every 100 epochs): lr(t) = base gamma^floor(t / every).
     *
     * @param base initial rate
     * @param every steps between decays
     * @param gamma decay factor in (0, 1]
     */
    record StepDecay(double base, long every, double gamma) implements LearningRateSchedule {
        /** Validates the arguments. */
        public StepDecay {
            positive(base);
            if (every < 1 || !(gamma > 0 && gamma <= 1)) {
                throw new IllegalArgumentException(
                        "step decay needs every >= 1 and 0 < gamma <= 1, got " + every + ", " + gamma);
            }
        }

        @Override
        public double at(long step) {
            return base * Math.pow(gamma, step / every);
        }
    }

    private static void positive(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
        }
    }
}
