package org.pdeflow.examples.jobs;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.ForwardModelException;
import org.pdeflow.inverse.forward.MisfitGradient;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;

/**
 * A forward model whose ensembles ({@link #applyBatch}) are evaluated as units of a {@link Jobs}: one particle per
 * unit, e.g. one Spark task each, while the method (EKI's or EnKG's Kalman update) stays on the caller. Single
 * evaluations and gradients run on the local model.
 *
 * <p>A worker rebuilds the model from its {@link Recipe} once ({@link WorkerCache}) and reuses it for every particle
 * of every iteration it is given; the recipe must build the same model as the local one, so that the predictions, and
 * the method's result, are the same numbers bit for bit. This pays when one forward run costs much more than a task's
 * overhead (docs/spark.md measures both).
 */
public final class DistributedForwardModel implements ForwardModel, AutoCloseable {

    /** Builds the forward model on a worker. */
    @FunctionalInterface
    public interface Recipe extends Serializable {
        /**
         * @return the model, equal to the caller's
         * @throws Exception when it cannot be built there (e.g. a file the worker cannot read)
         */
        ForwardModel build() throws Exception;
    }

    private final ForwardModel local;
    private final Recipe recipe;
    private final Jobs jobs;
    private final String key = "forward-" + UUID.randomUUID();

    /**
     * @param local the model on the caller (single evaluations, gradients, sizes)
     * @param recipe builds the same model on a worker
     * @param jobs where the particles run
     */
    public DistributedForwardModel(ForwardModel local, Recipe recipe, Jobs jobs) {
        this.local = local;
        this.recipe = recipe;
        this.jobs = jobs;
    }

    @Override
    public Unknowns unknowns() {
        return local.unknowns();
    }

    @Override
    public int outputSize() {
        return local.outputSize();
    }

    @Override
    public double[] apply(double[] x) {
        return local.apply(x);
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        List<double[]> particles = Arrays.asList(xs);
        List<double[]> out;
        try {
            out = jobs.map("forward runs of " + xs.length + " particles", particles, evaluation(key, recipe), null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ForwardModelException("distributed forward runs failed: " + e.getMessage(), e);
        }
        double[][] predictions = out.toArray(double[][]::new);
        for (double[] p : predictions) {
            if (p.length != outputSize()) {
                throw new ForwardModelException("a worker's forward model predicted " + p.length + " values, "
                        + local.description() + " predicts " + outputSize() + ": the recipe builds another model");
            }
        }
        return predictions;
    }

    /** One particle's task; static so that it captures the key and the recipe only. */
    private static Task<double[], double[]> evaluation(String key, Recipe recipe) {
        return x -> WorkerCache.<ForwardModel>get(key, recipe::build).apply(x);
    }

    @Override
    public boolean hasGradient() {
        return local.hasGradient();
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        return local.vjp(x, cotangent);
    }

    @Override
    public MisfitGradient misfitAndGradient(double[] x, Observations observations) {
        return local.misfitAndGradient(x, observations);
    }

    @Override
    public Pullback pullback(double[] x, UnaryOperator<double[]> cotangentOf) {
        return local.pullback(x, cotangentOf);
    }

    @Override
    public Pullback[] pullbackBatch(double[][] xs, UnaryOperator<double[]> cotangentOf) {
        return local.pullbackBatch(xs, cotangentOf);
    }

    @Override
    public ForwardModel unwrap() {
        return local.unwrap();
    }

    @Override
    public String description() {
        return local.description() + ", ensembles on " + jobs.parallelism() + " workers";
    }

    /** Closes the local model and this JVM's worker copy (executors drop theirs with their JVM). */
    @Override
    public void close() throws Exception {
        try {
            WorkerCache.forget(key);
        } finally {
            if (local instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
