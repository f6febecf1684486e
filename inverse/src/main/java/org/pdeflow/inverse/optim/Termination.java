package org.pdeflow.inverse.optim;

/** Why an optimiser stopped. */
public enum Termination {
    /** The gradient norm fell below the tolerance times its initial value. */
    GRADIENT_TOLERANCE,
    /** An iteration changed f by less than the relative tolerance. */
    FUNCTION_TOLERANCE,
    /** The iteration limit was reached. */
    MAX_ITERATIONS,
    /** The caller's {@link StoppingRule} held (e.g. the discrepancy principle). */
    STOPPING_RULE,
    /** No step satisfying the Wolfe conditions was found (usually: converged to round-off). */
    LINE_SEARCH_FAILED
}
