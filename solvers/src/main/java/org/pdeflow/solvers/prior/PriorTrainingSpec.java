package org.pdeflow.solvers.prior;

import org.pdeflow.operators.training.LearningRateSchedule;
import org.pdeflow.solvers.training.EdmLoss;

/**
 * Settings of a prior's training run.
 *
 * @param steps total optimizer steps of the run
 * @param batchSize images per step
 * @param learningRate Adam rate (constant, or the start of the cosine curve)
 * @param cosine whether the rate follows a cosine from learningRate to learningRate / 100 over
 *     {@code steps} (else constant, as in EDM after its warm-up)
 * @param weightDecay decoupled weight decay (AdamW)
 * @param checkpointEvery save a checkpoint every this many steps (and at the end)
 * @param seed seed of the initial weights, minibatch indices, noise levels and noise
 * @param maxSeconds stop (with a checkpoint) once the training time of this session exceeds this;
 *     0 = no limit
 * @param sigmaMean EDM: mean P_mean of ln sigma, the training noise level's log-normal distribution
 *     ({@link EdmLoss}; EDM: -1.2)
 * @param sigmaStd EDM: its standard deviation P_std (EDM: 1.2). Both are ignored by flow matching. A larger
 *     P_mean or P_std trains the high noise levels more, where a sample's large scales are decided (a prior
 *     that under-fits there produces fields whose means vary too little); read when a run (or a fine-tune
 *     from a committed model) is started or resumed.
 */
public record PriorTrainingSpec(
        long steps,
        int batchSize,
        double learningRate,
        boolean cosine,
        double weightDecay,
        long checkpointEvery,
        long seed,
        double maxSeconds,
        double sigmaMean,
        double sigmaStd) {

    /** Settings with EDM's noise-level distribution. */
    public PriorTrainingSpec(
            long steps,
            int batchSize,
            double learningRate,
            boolean cosine,
            double weightDecay,
            long checkpointEvery,
            long seed,
            double maxSeconds) {
        this(
                steps,
                batchSize,
                learningRate,
                cosine,
                weightDecay,
                checkpointEvery,
                seed,
                maxSeconds,
                EdmLoss.EDM_P_MEAN,
                EdmLoss.EDM_P_STD);
    }

    /** Validates the settings. */
    public PriorTrainingSpec {
        if (sigmaMean == 0 && sigmaStd == 0) {
            // a trainer state saved before the distribution was a setting: it trained with EDM's
            sigmaMean = EdmLoss.EDM_P_MEAN;
            sigmaStd = EdmLoss.EDM_P_STD;
        }
        if (!Double.isFinite(sigmaMean) || !(sigmaStd > 0) || Double.isInfinite(sigmaStd)) {
            throw new IllegalArgumentException(
                    "need a finite P_mean and a positive P_std, got " + sigmaMean + ", " + sigmaStd);
        }
        if (steps < 1 || batchSize < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("steps, batch size and checkpoint interval must be positive, got "
                    + steps + ", " + batchSize + ", " + checkpointEvery);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate) || !(weightDecay >= 0) || !(maxSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "need a positive learning rate and non-negative weight decay and time " + "limit");
        }
    }

    /** The EDM loss these settings train with. */
    EdmLoss edmLoss(double sigmaData) {
        return new EdmLoss(sigmaData, sigmaMean, sigmaStd);
    }

    /** The rate at step t (0-based), before the warm-up factor. */
    LearningRateSchedule schedule() {
        return cosine
                ? new LearningRateSchedule.Cosine(learningRate, steps, learningRate / 100)
                : new LearningRateSchedule.Constant(learningRate);
    }
}
