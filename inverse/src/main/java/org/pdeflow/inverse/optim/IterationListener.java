package org.pdeflow.inverse.optim;

/** Told after every accepted iteration of an optimiser. */
@FunctionalInterface
public interface IterationListener {

    /** Ignores everything. */
    IterationListener NONE = (iteration, value, point, gradientNorm) -> {};

    /**
     * @param iteration 1-based iteration number
     * @param value f at the new point
     * @param point the new point (the optimiser's array: copy it to keep it)
     * @param gradientNorm Euclidean norm of the gradient there
     */
    void iteration(int iteration, double value, double[] point, double gradientNorm);
}
