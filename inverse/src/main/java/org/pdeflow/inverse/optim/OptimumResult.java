package org.pdeflow.inverse.optim;

/**
 * The result of a minimisation.
 *
 * @param point the best point found
 * @param value f there
 * @param gradient the gradient there
 * @param iterations iterations done
 * @param evaluations objective evaluations (each with its gradient)
 * @param termination why the optimiser stopped
 */
public record OptimumResult(
        double[] point, double value, double[] gradient, int iterations, int evaluations, Termination termination) {}
