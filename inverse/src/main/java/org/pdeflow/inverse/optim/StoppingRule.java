package org.pdeflow.inverse.optim;

/**
 * A caller's reason to stop an optimiser early, asked at the starting point and after every accepted
 * iteration (before the optimiser's own tolerances): for instance the discrepancy principle of an
 * inverse problem, which stops once the data are fitted to their noise level.
 */
@FunctionalInterface
public interface StoppingRule {

    /** Never stops. */
    StoppingRule NEVER = (iteration, value, point) -> false;

    /**
     * @param iteration 0 at the starting point, else the 1-based iteration just accepted
     * @param value f at the point
     * @param point the point (the optimiser's array: copy it to keep it)
     * @return whether to stop here
     */
    boolean stop(int iteration, double value, double[] point);
}
