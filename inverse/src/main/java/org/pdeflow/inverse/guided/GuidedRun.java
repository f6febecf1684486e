package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;
import org.pdeflow.operators.engine.Engines;

/**
 * Book-keeping shared by the guided samplers: argument checks, the base manager of a run, the
 * misfit history, step callbacks and the final {@link Reconstruction} (samples in physical units,
 * restricted to the problem's unknowns) with the cost statistics {@code denoiserCalls} (batched
 * network evaluations, the NFE per sample), {@code forwardEvaluations} and
 * {@code gradientEvaluations} (per sample).
 */
final class GuidedRun implements AutoCloseable {

    final PriorSpace space;
    final DataTerm data;
    final NDManager manager;
    final int samples;
    private final long start = System.nanoTime();
    private final double[] history;
    private int recorded;
    private final StepCallback callback;
    private final Map<String, Double> statistics = new LinkedHashMap<>();

    GuidedRun(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            Observations observations,
            int samples,
            int steps,
            StepCallback callback,
            DataTerm.Scaling scaling,
            double tau) {
        if (problem == null || observations == null) {
            throw new IllegalArgumentException("problem and observations are required");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("at least one sample is required, got " + samples);
        }
        this.space = new PriorSpace(prior, problem.unknowns());
        this.data = new DataTerm(problem.forward(), observations, space, scaling, tau);
        this.samples = samples;
        this.history = new double[steps];
        this.callback = callback == null ? StepCallback.NONE : callback;
        // Grad mode on only inside gradient collectors: plain network calls build no graph.
        Engines.inferenceOnThisThread();
        this.manager = NDManager.newBaseManager(Engines.device());
    }

    /** Records the mean misfit after step {@code step} (1-based) and tells the callback. */
    void step(int step, int total, double[] misfits, double[][] estimates) {
        double mean = 0;
        for (double m : misfits) {
            mean += m;
        }
        mean /= misfits.length;
        if (recorded < history.length) {
            history[recorded++] = mean;
        }
        double[] est = null;
        if (estimates != null) {
            est = new double[estimates[0].length];
            for (double[] e : estimates) {
                for (int i = 0; i < est.length; i++) {
                    est[i] += e[i] / estimates.length;
                }
            }
        }
        callback.onStep(new StepInfo(step, total, mean, est));
    }

    /**
     * {@link #step(int, int, double[], double[][])} with the estimate given as a model-space batch
     * (the denoised x̂0 the misfit was evaluated at), reported in physical units.
     */
    void step(int step, int total, double[] misfits, NDArray modelEstimate) {
        step(step, total, misfits, space.packed(space.prior().toPhysical(modelEstimate)));
    }

    void statistic(String key, double value) {
        statistics.put(key, value);
    }

    /** The reconstruction from the final model-space batch. */
    Reconstruction finish(String method, NDArray model) {
        double[][] xs;
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(model);
            xs = space.packed(space.prior().toPhysical(model));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        statistics.put("denoiserCalls", (double) space.denoiserCalls());
        statistics.put("samples", (double) samples);
        double[] h = Arrays.copyOf(history, recorded);
        return Reconstruction.of(
                method,
                space.problemUnknowns(),
                xs,
                h,
                new Timings(seconds, data.forwardSeconds(), data.forwardEvaluations(), data.gradientEvaluations()),
                statistics);
    }

    @Override
    public void close() {
        manager.close();
    }
}
