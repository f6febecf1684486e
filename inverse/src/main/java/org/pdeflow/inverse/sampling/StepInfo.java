package org.pdeflow.inverse.sampling;

/**
 * Progress of an algorithm after one of its steps (an EKI iteration, an L-BFGS iteration, a block of
 * MCMC steps): what progress bars, live plots and tests need.
 *
 * @param step steps done, 1 .. total
 * @param total planned number of steps (an upper bound for iterative methods that may stop early)
 * @param misfit current data misfit {@code Phi = 1/2 |(G(x) - y) / sigma|^2} of the algorithm's
 *     current estimate (the ensemble mean over particles of Phi for ensemble methods)
 * @param estimate the current estimate (packed unknowns: ensemble mean, iterate, chain state); the
 *     algorithm's own array, valid only during the call: copy it to keep it
 */
public record StepInfo(int step, int total, double misfit, double[] estimate) {}
