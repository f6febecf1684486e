package org.pdeflow.pde.ns;

import org.pdeflow.pde.progress.ProgressListener;

/**
 * A time integrator for {@link NavierStokes2D}: advances ω from t = 0 and returns it at the
 * requested snapshot times.
 *
 * <p>Implementations are immutable and may be shared between threads; every call of
 * {@link #integrate} builds its own transforms and work arrays, so separate calls can run
 * concurrently (parallelise across samples, one call per thread).
 */
public interface VorticityIntegrator {

    /**
     * Integrates the vorticity equation.
     *
     * @param equation the equation
     * @param omega0 initial vorticity at t = 0 on the grid, length {@code grid.size()} (not modified)
     * @param times snapshot times, finite and strictly increasing, the first &gt;= 0
     * @param progress receives (simulated time reached, last snapshot time) as the integration proceeds
     * @return ω at each snapshot time: {@code result[k]} is the field at {@code times[k]}, row-major
     *     with x along the first axis
     */
    double[][] integrate(NavierStokes2D equation, double[] omega0, double[] times, ProgressListener progress);
}
