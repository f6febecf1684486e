package org.pdeflow.examples.inverse;

import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.pde.grid.Grid2D;

/**
 * One run of a method on readings, as {@code pdeflow solve} and the demo make it: the problem
 * formulated for the method and prior ({@link ProblemDefinition#formulation}), the prior opened and
 * closed around the run, a progress bar over the method's steps.
 *
 * @param problem the inverse problem as solved (its unknowns name the result's fields)
 * @param reconstruction the samples
 * @param prior the prior's description, or "none"
 * @param seconds wall time of the method alone (without loading the prior)
 */
public record InverseRun(InverseProblem problem, Reconstruction reconstruction, String prior, double seconds) {

    /**
     * Runs a method.
     *
     * @param definition the problem
     * @param method the method with its settings
     * @param priorSpec a prior folder, "gaussian" or "latent" for the diffusion methods
     *     ({@link PriorHandle#priorFor}), else null
     * @param grid the problem's grid
     * @param readings the readings
     * @param truth true fields by name for the problem's error metrics, or empty
     * @param samples samples or ensemble size
     * @param seed the method's seed
     * @param observer gives the step callback for the formulated problem (e.g. a
     *     {@link org.pdeflow.inverse.diagnostics.StepHistory})
     * @param placement wraps the formulated problem's forward model: identity, or one that evaluates its
     *     ensembles elsewhere ({@link org.pdeflow.examples.jobs.DistributedForwardModel})
     */
    public static InverseRun of(
            ProblemDefinition definition,
            InverseMethod.Configured method,
            String priorSpec,
            Grid2D grid,
            Readings readings,
            Map<String, double[]> truth,
            int samples,
            long seed,
            Function<InverseProblem, StepCallback> observer,
            UnaryOperator<ForwardModel> placement)
            throws Exception {
        boolean priorMethod = priorSpec != null;
        InverseProblem formulated = formulate(definition, priorSpec, grid, readings, truth);
        InverseProblem inverse = new InverseProblem(
                formulated.name(),
                placement.apply(formulated.forward()),
                formulated.observations(),
                formulated.truth());
        try (PriorHandle handle =
                priorMethod ? PriorHandle.open(priorSpec, definition, inverse.unknowns()) : PriorHandle.none()) {
            int total = method.steps();
            long t0 = System.nanoTime();
            Reconstruction r;
            StepCallback watcher = observer.apply(inverse);
            try (ProgressBars bar = ProgressBars.start(method.method().name(), total, "steps")) {
                r = handle.run(method, inverse, samples, seed, info -> {
                    watcher.onStep(info);
                    bar.progress(Math.min(info.step(), total), total);
                });
            } finally {
                if (inverse.forward() instanceof AutoCloseable c) {
                    c.close();
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            return new InverseRun(inverse, r, handle.description(), seconds);
        }
    }

    /** {@link #of} without an observer of the steps. */
    public static InverseRun of(
            ProblemDefinition definition,
            InverseMethod.Configured method,
            String priorSpec,
            Grid2D grid,
            Readings readings,
            Map<String, double[]> truth,
            int samples,
            long seed)
            throws Exception {
        return of(
                definition,
                method,
                priorSpec,
                grid,
                readings,
                truth,
                samples,
                seed,
                p -> StepCallback.NONE,
                UnaryOperator.identity());
    }

    /**
     * The problem as a method with this prior solves it ({@link ProblemDefinition#formulation}).
     *
     * @param definition the problem
     * @param priorSpec the prior of a diffusion method, else null
     * @param grid the grid
     * @param readings the readings
     * @param truth true fields by name, or empty
     */
    public static InverseProblem formulate(
            ProblemDefinition definition,
            String priorSpec,
            Grid2D grid,
            Readings readings,
            Map<String, double[]> truth) {
        return definition.formulate(
                PriorHandle.formulation(definition, priorSpec),
                grid,
                readings.operator(),
                readings.observations(),
                truth);
    }
}
