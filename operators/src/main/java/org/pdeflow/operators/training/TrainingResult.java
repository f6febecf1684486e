package org.pdeflow.operators.training;

import java.nio.file.Path;
import java.util.List;
import org.pdeflow.operators.checkpoint.ModelCard;

/**
 * The outcome of {@link OperatorTrainer#train} or {@link OperatorTrainer#resume}.
 *
 * @param checkpoint the folder holding the final checkpoint
 * @param card the final checkpoint's model card (metrics included)
 * @param history one record per epoch, over all sessions of the run
 * @param resumedFromEpoch epochs that were already done when this session started (0 for a new run)
 * @param wallSeconds total training wall time over all sessions
 */
public record TrainingResult(
        Path checkpoint, ModelCard card, List<EpochRecord> history, int resumedFromEpoch, double wallSeconds) {

    /** Copies the history. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last epoch's record. */
    public EpochRecord last() {
        return history.get(history.size() - 1);
    }
}
