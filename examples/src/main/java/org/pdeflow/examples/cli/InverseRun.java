package org.pdeflow.examples.cli;

import java.util.Map;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.pde.grid.Grid2D;

/**
 * One run of a method on readings, as {@code pdeflow solve} makes it: the problem formulated for the
 * method and prior ({@link InverseSetup#formulate}), the prior opened and closed around the run, a
 * progress bar over the method's steps.
 *
 * @param problem the inverse problem as solved (its unknowns name the result's fields)
 * @param reconstruction the samples
 * @param prior the prior's description, or "none"
 * @param seconds wall time of the method alone (without loading the prior)
 */
record InverseRun(InverseProblem problem, Reconstruction reconstruction, String prior, double seconds) {

    /**
     * Runs a method.
     *
     * @param problem darcy-inverse, darcy-forward or ns-inverse
     * @param method one of {@link InverseSetup#METHODS}
     * @param priorSpec a prior folder or "gaussian" for the diffusion methods ({@link InverseSetup#priorFor}), else null
     * @param grid the problem's grid
     * @param op the observation operator of the readings
     * @param obs the readings
     * @param truth true fields by name for the problem's error metrics, or empty
     * @param options the method's settings
     * @param samples samples or ensemble size
     * @param seed the method's seed
     */
    static InverseRun of(String problem, String method, String priorSpec, Grid2D grid, ObservationOperator op, Observations obs,
                         Map<String, double[]> truth, InverseSetup.MethodOptions options, int samples, long seed)
            throws Exception {
        return of(problem, method, priorSpec, grid, op, obs, truth, options, samples, seed, p -> StepCallback.NONE);
    }

    /**
     * Runs a method with an observer of its steps (e.g. a {@link org.pdeflow.inverse.diagnostics.StepHistory}),
     * made once the problem is formulated.
     *
     * @param observer gives the callback for the formulated problem
     */
    static InverseRun of(String problem, String method, String priorSpec, Grid2D grid, ObservationOperator op, Observations obs,
                         Map<String, double[]> truth, InverseSetup.MethodOptions options, int samples, long seed,
                         java.util.function.Function<InverseProblem, StepCallback> observer)
            throws Exception {
        boolean priorMethod = priorSpec != null;
        boolean trained = priorMethod && InverseSetup.isTrained(priorSpec);
        InverseProblem inverse = InverseSetup.formulate(problem, grid, op, obs, InverseSetup.joint(problem, method, trained), truth);
        try (PriorHandle handle = priorMethod ? PriorHandle.open(priorSpec, inverse.unknowns()) : PriorHandle.none()) {
            DiffusionFieldPrior fieldPrior = handle.prior();
            int total = options.steps(method);
            long t0 = System.nanoTime();
            Reconstruction r;
            StepCallback watcher = observer.apply(inverse);
            try (ProgressBars bar = ProgressBars.start(method, total, "steps")) {
                r = InverseSetup.run(method, options, inverse, fieldPrior, samples, seed,
                        info -> {
                            watcher.onStep(info);
                            bar.progress(Math.min(info.step(), total), total);
                        });
            } finally {
                if (inverse.forward() instanceof AutoCloseable c) {
                    c.close();
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            return new InverseRun(inverse, r, fieldPrior == null ? "none" : fieldPrior.description(), seconds);
        }
    }
}
