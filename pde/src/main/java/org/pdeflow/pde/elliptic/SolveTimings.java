package org.pdeflow.pde.elliptic;

/**
 * Wall-clock split of the last solve of an elliptic solver, in nanoseconds ({@link System#nanoTime()}).
 *
 * <p>{@code factorNanos + solveNanos} is the bare sparse direct solve of the assembled system (the
 * cost a benchmark compares against); {@code assemblyNanos} is everything else the solver does in
 * the call: argument checks, face coefficients and matrix values, right-hand side, scattering the
 * solution back onto the grid.
 *
 * @param assemblyNanos argument checks, matrix values, right-hand side and scatter
 * @param factorNanos numeric sparse factorisation done in this call (0 when a factor built at
 *        construction was reused, as for Poisson and Helmholtz)
 * @param solveNanos forward and backward triangular solves
 */
public record SolveTimings(long assemblyNanos, long factorNanos, long solveNanos) {

    /** Timings of a solver that has not solved anything yet. */
    public static final SolveTimings NONE = new SolveTimings(0, 0, 0);

    /** Total time of the call. */
    public long totalNanos() {
        return assemblyNanos + factorNanos + solveNanos;
    }

    /** Time of the bare sparse solve (factorisation plus triangular solves). */
    public long sparseSolveNanos() {
        return factorNanos + solveNanos;
    }
}
