package org.pdeflow.operators.training;

import java.util.List;

/**
 * The trainer's own part of a checkpoint ({@value OperatorTrainer#STATE_FILE}); with the weights
 * and {@value OperatorTrainer#OPTIMIZER_FILE} it lets {@link OperatorTrainer#resume} continue a run.
 *
 * @param spec the settings of the run
 * @param epochsDone epochs completed
 * @param steps optimizer steps taken
 * @param trainSamples number of training pairs (a resumed run must use the same data)
 * @param wallSeconds training wall time so far, over all sessions
 * @param history one record per completed epoch
 */
public record TrainerState(
        TrainSpec spec, int epochsDone, long steps, int trainSamples, double wallSeconds, List<EpochRecord> history) {

    /** Copies the history. */
    public TrainerState {
        history = List.copyOf(history);
    }
}
