package org.pdeflow.inverse.sampling;

/**
 * Cost of a reconstruction.
 *
 * @param seconds wall time of the whole run
 * @param forwardSeconds wall time spent in the forward model (batches counted once)
 * @param forwardEvaluations number of forward evaluations G(x) (each batch member counted)
 * @param gradientEvaluations number of gradient evaluations (vector-Jacobian products)
 */
public record Timings(double seconds, double forwardSeconds, long forwardEvaluations, long gradientEvaluations) {}
