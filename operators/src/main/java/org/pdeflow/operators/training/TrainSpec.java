package org.pdeflow.operators.training;

import org.pdeflow.operators.checkpoint.ChannelNormalizer;

/**
 * Settings of an {@link OperatorTrainer} run.
 *
 * @param epochs total epochs (a resumed run continues up to this number)
 * @param batchSize pairs per optimizer step
 * @param learningRate initial learning rate (FNO: 1e-3)
 * @param weightDecay decoupled weight decay (FNO: 1e-4)
 * @param schedule how the rate decays over the run
 * @param checkpointEvery save a checkpoint every this many epochs (and always after the last)
 * @param seed seed of the initial weights (engine generator) and of the per-epoch shuffling
 * @param normalization statistics of the per-channel input normaliser (the output normaliser is
 *     always {@link ChannelNormalizer.Kind#GAUSSIAN})
 */
public record TrainSpec(
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        Schedule schedule,
        int checkpointEvery,
        long seed,
        ChannelNormalizer.Kind normalization) {

    /** Learning-rate schedules. */
    public enum Schedule {
        /** Cosine annealing from the initial rate to 1 % of it over the run. */
        COSINE,
        /** Halve the rate five times over the run (the FNO paper: every 100 of 500 epochs). */
        STEP,
        /** Constant rate. */
        CONSTANT
    }

    /** Validates the settings. */
    public TrainSpec {
        if (epochs < 1 || batchSize < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("epochs, batch size and checkpoint interval must be positive, got "
                    + epochs + ", " + batchSize + ", " + checkpointEvery);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "learning rate must be positive and weight decay >= 0, got " + learningRate + ", " + weightDecay);
        }
        if (schedule == null || normalization == null) {
            throw new IllegalArgumentException("schedule and normalization are required");
        }
    }

    /**
     * The FNO paper's optimiser settings with a cosine schedule: lr 1e-3, weight decay 1e-4, Gaussian
     * normalisation.
     */
    public static TrainSpec defaults(int epochs, int batchSize) {
        return new TrainSpec(
                epochs,
                batchSize,
                1e-3,
                1e-4,
                Schedule.COSINE,
                Math.max(1, epochs / 10),
                0L,
                ChannelNormalizer.Kind.GAUSSIAN);
    }

    /**
     * The learning rate per optimizer step for a run of {@code epochs * stepsPerEpoch} steps.
     *
     * @param stepsPerEpoch optimizer steps per epoch
     * @return the schedule
     */
    public LearningRateSchedule rateSchedule(long stepsPerEpoch) {
        long total = epochs * stepsPerEpoch;
        return switch (schedule) {
            case COSINE -> new LearningRateSchedule.Cosine(learningRate, total, 0.01 * learningRate);
            case STEP -> new LearningRateSchedule.StepDecay(learningRate, Math.max(1, total / 5), 0.5);
            case CONSTANT -> new LearningRateSchedule.Constant(learningRate);
        };
    }
}
