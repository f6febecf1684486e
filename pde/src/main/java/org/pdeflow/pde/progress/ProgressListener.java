package org.pdeflow.pde.progress;

/**
 * Receives progress reports from long computations (time integration, ensembles, sweeps).
 *
 * <p>Solvers call it from the thread that does the work; implementations must be cheap (a solver
 * may report every step). The command-line program turns it into a progress bar with rate and ETA.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (done, total) -> {};

    /**
     * Reports that {@code done} out of {@code total} units of work are complete, in the caller's
     * unit (simulated time for integrators, samples for ensembles).
     *
     * @param done work completed so far, 0 &lt;= done &lt;= total
     * @param total total work
     */
    void progress(double done, double total);
}
