/**
 * Training of forward surrogates: {@link org.pdeflow.operators.training.OperatorTrainer} (an
 * EasyTrain-style loop with per-step NDManager scopes, checkpoints and exact resume),
 * {@link org.pdeflow.operators.training.AdamOptimizer} (AdamW with saveable state),
 * {@link org.pdeflow.operators.training.LearningRateSchedule}s and the
 * {@link org.pdeflow.operators.training.RelativeL2} loss.
 */
package org.pdeflow.operators.training;
