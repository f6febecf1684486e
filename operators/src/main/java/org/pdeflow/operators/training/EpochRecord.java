package org.pdeflow.operators.training;

/**
 * What one epoch achieved.
 *
 * @param epoch 1-based epoch number
 * @param steps optimizer steps taken by the end of it
 * @param trainRelL2 mean relative L2 loss over its batches
 * @param testRelL2 mean relative L2 error on the held-out pairs after it (NaN without test pairs)
 * @param learningRate rate of its last step
 * @param seconds wall time of the epoch including evaluation
 */
public record EpochRecord(
        int epoch, long steps, double trainRelL2, double testRelL2, double learningRate, double seconds) {}
