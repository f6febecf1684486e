package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.atomic.AtomicLong;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.TensorForwardModel;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.sampling.DivergenceException;

/**
 * The data-fit term of the guided samplers for a batch of physical fields: per sample the scaled
 * residual {@code rho_b = (G(x_b) - y) * w} with {@code w = 1 / sigma} ({@link Scaling#WHITENED}, so
 * that {@code 1/2 |rho|^2} is the misfit Phi) or {@code w = 1 / |y|} ({@link Scaling#RELATIVE}, a
 * dimensionless relative error), and a differentiable "carrier" whose gradient with respect to the
 * physical fields is the gradient of {@code 1/2 |rho_b|^2}.
 *
 * <p>Two routes: a {@link TensorForwardModel} is evaluated inside the caller's autograd graph (the
 * carrier is {@code 1/2 |rho_b|^2} itself); any other model with {@link ForwardModel#hasGradient()}
 * is evaluated in double, all samples' solves and adjoints in one {@link ForwardModel#pullbackBatch} (side by
 * side for the Darcy solver), and the carrier is {@code <x_b, stopgrad(g_b)>}, which has that gradient. A model
 * without gradient is refused with a message pointing to the derivative-free EnKG.
 */
final class DataTerm {

    /** How residuals are scaled. */
    enum Scaling {
        /** {@code (G - y) / sigma}: the likelihood's own weighting. */
        WHITENED,
        /** {@code (G - y) / |y|}: relative error, independent of units and noise level. */
        RELATIVE,
        /** {@code (G - y) / tau} with one given tau (DAPS' likelihood temperature). */
        CONSTANT
    }

    /** Carrier (B,) in the graph, and per sample {@code 1/2 |rho_b|^2} and the misfit Phi_b. */
    record Evaluation(NDArray carrier, double[] halfSquared, double[] misfit) {}

    private final ForwardModel forward;
    private final TensorForwardModel tensor;
    private final Observations observations;
    private final PriorSpace space;
    private final double[] weight;
    // counters, safe to update from the threads of a parallel data step
    private final AtomicLong forwardEvaluations = new AtomicLong();
    private final AtomicLong gradientEvaluations = new AtomicLong();
    private final AtomicLong blackBoxNanos = new AtomicLong();
    private volatile boolean graphEvaluated;

    DataTerm(ForwardModel forward, Observations observations, PriorSpace space, Scaling scaling) {
        this(forward, observations, space, scaling, Double.NaN);
    }

    /**
     * @param tau the residual scale of {@link Scaling#CONSTANT}, positive (ignored otherwise)
     */
    DataTerm(ForwardModel forward, Observations observations, PriorSpace space, Scaling scaling, double tau) {
        if (observations.size() != forward.outputSize()) {
            throw new IllegalArgumentException(
                    observations.size() + " observations for a model predicting " + forward.outputSize());
        }
        this.forward = forward;
        this.observations = observations;
        this.space = space;
        this.tensor = forward instanceof TensorForwardModel t && t.unknowns().equals(forward.unknowns()) ? t : null;
        if (scaling == Scaling.CONSTANT && (!(tau > 0) || Double.isInfinite(tau))) {
            throw new IllegalArgumentException("the likelihood scale tau must be positive and finite, got " + tau);
        }
        int m = observations.size();
        this.weight = new double[m];
        double norm = 0;
        for (double v : observations.values()) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < m; k++) {
            weight[k] = switch (scaling) {
                case WHITENED -> 1.0 / observations.sigma(k);
                case RELATIVE -> 1.0 / (norm > 0 ? norm : 1.0);
                case CONSTANT -> 1.0 / tau;
            };
        }
    }

    /** Whether gradients are available (else only {@link #misfits}). */
    boolean differentiable() {
        return tensor != null || forward.hasGradient();
    }

    /** Throws naming the method when the forward model has no gradient. */
    void requireGradient(String method) {
        if (!differentiable()) {
            throw new IllegalArgumentException(method + " needs a differentiable forward model, but "
                    + forward.description() + " provides no gradient; use the derivative-free method enkg");
        }
    }

    long forwardEvaluations() {
        return forwardEvaluations.get();
    }

    long gradientEvaluations() {
        return gradientEvaluations.get();
    }

    /**
     * Wall time spent in the forward model, s: the batched black-box calls of {@link #predictions};
     * NaN once {@link #evaluate} has run, whose forward pass is interleaved with autograd.
     */
    double forwardSeconds() {
        return graphEvaluated ? Double.NaN : blackBoxNanos.get() * 1e-9;
    }

    /**
     * Evaluates the term on physical prior fields inside an open gradient collector.
     *
     * @param physical (B, C, H, W) physical prior fields, part of the caller's graph
     */
    Evaluation evaluate(NDArray physical) {
        NDManager m = physical.getManager();
        int b = Math.toIntExact(physical.getShape().get(0));
        int mo = observations.size();
        graphEvaluated = true;
        if (tensor != null) {
            forwardEvaluations.addAndGet(b);
            gradientEvaluations.addAndGet(b);
            NDArray fields = space.select(physical);
            NDArray pred = tensor.forward(fields);
            NDArray y = m.create(observations.values(), new Shape(1, mo)).toType(DataType.FLOAT32, false);
            NDArray w = m.create(weight, new Shape(1, mo)).toType(DataType.FLOAT32, false);
            NDArray sq = pred.sub(y).mul(w).square().sum(new int[] {1});
            NDArray carrier = sq.mul(GraphConstants.scalar(sq, 0.5));
            float[] p = pred.toType(DataType.FLOAT32, false).toFloatArray();
            double[] half = new double[b];
            double[] misfit = new double[b];
            double[] row = new double[mo];
            for (int s = 0; s < b; s++) {
                for (int k = 0; k < mo; k++) {
                    row[k] = p[s * mo + k];
                }
                half[s] = halfSquared(row);
                misfit[s] = observations.misfit(row);
            }
            return new Evaluation(carrier, half, misfit);
        }
        return evaluate(physical, pullbacks(space.packed(physical)));
    }

    /**
     * The term on physical prior fields whose black-box values and gradients were computed beforehand, outside the
     * graph ({@link #pullbacks} at the values of {@code physical}).
     *
     * @param physical (B, C, H, W) physical prior fields, part of the caller's graph
     * @param p their pullbacks
     */
    Evaluation evaluate(NDArray physical, Pullbacks p) {
        return new Evaluation(carrier(physical, p.gradients()), p.halfSquared(), p.misfit());
    }

    /** Whether the forward model is a black box with a vector-Jacobian product (not a DJL graph). */
    boolean blackBox() {
        return tensor == null;
    }

    /**
     * The black-box forward model's values and gradients, outside any autograd graph: safe to call from several
     * threads at once (for models that are, as the Darcy solver is).
     *
     * @param xs packed physical inputs, one row per sample
     * @return per sample the gradient of {@code 1/2 |rho|^2} with respect to the packed input, its value and the
     *     misfit Phi
     */
    Pullbacks pullbacks(double[][] xs) {
        requireGradient("this method");
        if (tensor != null) {
            throw new IllegalStateException("a DJL forward model is differentiated in its graph (evaluate)");
        }
        int b = xs.length;
        graphEvaluated = true;
        forwardEvaluations.addAndGet(b);
        gradientEvaluations.addAndGet(b);
        double[][] grads = new double[b][];
        double[] half = new double[b];
        double[] misfit = new double[b];
        ForwardModel.Pullback[] all = solveAndPullBack(xs);
        for (int s = 0; s < b; s++) {
            ForwardModel.Pullback p = all[s];
            double[] pred = p.predicted();
            half[s] = halfSquared(pred);
            misfit[s] = observations.misfit(pred);
            grads[s] = p.gradient();
        }
        return new Pullbacks(grads, half, misfit);
    }

    /**
     * The differentiable carrier {@code <x_b, stopgrad(g_b)>} of a black box's gradients g (from {@link #pullbacks}
     * at the values of {@code physical}): its gradient with respect to the physical fields is g.
     *
     * @param physical (B, C, H, W) physical prior fields, part of the caller's graph
     * @param gradients per sample, packed like the problem's unknowns
     * @return (B,)
     */
    private NDArray carrier(NDArray physical, double[][] gradients) {
        NDArray g = space.tensorOfUnknowns(physical.getManager(), gradients);
        return space.select(physical).mul(g).sum(new int[] {1, 2, 3});
    }

    /**
     * A black box's values and gradients, per sample.
     *
     * @param gradients d(1/2 |rho|^2)/dx, packed
     * @param halfSquared 1/2 |rho|^2
     * @param misfit Phi in the readings' sigma
     */
    record Pullbacks(double[][] gradients, double[] halfSquared, double[] misfit) {}

    /**
     * G(x) of each sample and the gradient of {@code 1/2 |rho|^2}, from one forward pass each where the model
     * allows, side by side where it can ({@link ForwardModel#pullbackBatch}). A solver that fails on the denoised
     * estimate (Darcy's Cholesky on a permeability driven to 0 or infinity by a too strong guidance step) is the
     * sampler blowing up, reported as such.
     */
    private ForwardModel.Pullback[] solveAndPullBack(double[][] xs) {
        try {
            return forward.pullbackBatch(xs, pred -> {
                double[] cot = new double[pred.length];
                for (int k = 0; k < pred.length; k++) {
                    cot[k] = (pred[k] - observations.value(k)) * weight[k] * weight[k];
                }
                return cot;
            });
        } catch (ArithmeticException e) {
            throw solverFailed(e);
        }
    }

    private static DivergenceException solverFailed(ArithmeticException e) {
        return new DivergenceException("the forward model failed on the denoised estimate (" + e.getMessage()
                + "); the guidance step is too large for this problem");
    }

    /** Misfit Phi of each packed input, without gradients (one batched forward call). */
    double[] misfits(double[][] xs) {
        double[][] pred = predictions(xs);
        double[] out = new double[xs.length];
        for (int s = 0; s < xs.length; s++) {
            out[s] = observations.misfit(pred[s]);
        }
        return out;
    }

    /** G of each packed input, one batched call. */
    double[][] predictions(double[][] xs) {
        forwardEvaluations.addAndGet(xs.length);
        long t0 = System.nanoTime();
        double[][] out;
        try {
            out = forward.applyBatch(xs);
        } catch (ArithmeticException e) {
            throw solverFailed(e);
        }
        blackBoxNanos.addAndGet(System.nanoTime() - t0);
        return out;
    }

    private double halfSquared(double[] pred) {
        double s = 0;
        for (int k = 0; k < pred.length; k++) {
            double r = (pred[k] - observations.value(k)) * weight[k];
            s += r * r;
        }
        return 0.5 * s;
    }
}
