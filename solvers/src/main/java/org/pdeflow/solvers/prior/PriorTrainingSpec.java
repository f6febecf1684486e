package org.pdeflow.solvers.prior;

import org.pdeflow.operators.training.LearningRateSchedule;

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
 */
public record PriorTrainingSpec(
        long steps,
        int batchSize,
        double learningRate,
        boolean cosine,
        double weightDecay,
        long checkpointEvery,
        long seed,
        double maxSeconds) {

    /** Validates the settings. */
    public PriorTrainingSpec {
        if (steps < 1 || batchSize < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("steps, batch size and checkpoint interval must be positive, got "
                    + steps + ", " + batchSize + ", " + checkpointEvery);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate) || !(weightDecay >= 0) || !(maxSeconds >= 0)) {
            throw new IllegalArgumentException(
                    "need a positive learning rate and non-negative weight decay and time " + "limit");
        }
    }

    /** The rate at step t (0-based), before the warm-up factor. */
    LearningRateSchedule schedule() {
        return cosine
                ? new LearningRateSchedule.Cosine(learningRate, steps, learningRate / 100)
                : new LearningRateSchedule.Constant(learningRate);
    }
}
