package org.pdeflow.inverse.forward;

import java.util.function.UnaryOperator;
import org.pdeflow.inverse.observe.Observations;

/**
 * The parameter-to-observable map {@code G}: unknown field(s) x to predicted measurements
 * {@code G(x)} (a PDE solve followed by an observation operator, an external program, a network...).
 *
 * <p>x is the packed vector of {@link #unknowns()} (see {@link Unknowns}); {@code G(x)} has
 * {@link #outputSize()} values, in the order of the {@link Observations} it is compared with.
 *
 * <p><b>Batches.</b> Ensemble methods evaluate many inputs at once through {@link #applyBatch}.
 * The default loops; black-box models override it to run a bounded number of evaluations in
 * parallel ({@link BatchExecutor}), DJL models to batch along the leading tensor axis.
 *
 * <p><b>Gradients (optional).</b> Models with {@link #hasGradient()} provide the vector-Jacobian
 * product {@link #vjp} (adjoint state, or autograd). Derivative-free methods (EKI, pCN) never call
 * it; gradient-based ones (Tikhonov / L-BFGS, later DPS-type guidance) check
 * {@link #hasGradient()} first. Without a gradient, {@link #vjp} is an unsupported optional
 * operation, like {@code java.util.List#add} on an unmodifiable list.
 *
 * <p>Implementations must allow concurrent calls of {@link #apply} from several threads.
 */
public interface ForwardModel {

    /** The unknown fields and their packing. */
    Unknowns unknowns();

    /** Number of predicted measurements m. */
    int outputSize();

    /**
     * Evaluates {@code G(x)}.
     *
     * @param x packed unknowns, length {@code unknowns().size()} (not modified)
     * @return m predictions
     * @throws IllegalArgumentException on a wrong length or an input the model rejects (e.g. a
     *     non-positive permeability)
     * @throws ForwardModelException when the evaluation itself fails (external program error, timeout)
     */
    double[] apply(double[] x);

    /**
     * Evaluates {@code G} on many inputs. The default evaluates them one after another; results are in
     * input order whatever the implementation.
     *
     * @param xs inputs, each of length {@code unknowns().size()}
     * @return {@code xs.length} prediction vectors
     */
    default double[][] applyBatch(double[][] xs) {
        double[][] out = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            out[i] = apply(xs[i]);
        }
        return out;
    }

    /** Whether {@link #vjp} and {@link #misfitAndGradient} are available. */
    default boolean hasGradient() {
        return false;
    }

    /**
     * The vector-Jacobian product {@code J(x)^T w}, the gradient of {@code <w, G(x)>} with respect to x.
     *
     * @param x packed unknowns
     * @param cotangent w, length m
     * @return the gradient, length {@code unknowns().size()}
     * @throws UnsupportedOperationException when {@link #hasGradient()} is false
     */
    default double[] vjp(double[] x, double[] cotangent) {
        throw new UnsupportedOperationException(description() + " provides no gradient; use a derivative-free method "
                + "(ensemble Kalman inversion, pCN) or a differentiable forward model");
    }

    /**
     * The prediction {@code G(x)} and the vector-Jacobian product {@code J(x)^T w} for a cotangent that depends
     * on the prediction, {@code w = cotangentOf(G(x))} (the residual of a data term). The default costs one
     * {@link #apply} and one {@link #vjp}, which for a PDE model is two forward solves; models whose adjoint
     * needs the forward state override it to solve once.
     *
     * @param x packed unknowns
     * @param cotangentOf w as a function of G(x), returning m values
     * @return G(x) and {@code J(x)^T w}
     * @throws UnsupportedOperationException when {@link #hasGradient()} is false
     */
    default Pullback pullback(double[] x, UnaryOperator<double[]> cotangentOf) {
        if (!hasGradient()) {
            vjp(x, new double[outputSize()]);
        }
        double[] predicted = apply(x);
        return new Pullback(predicted, vjp(x, cotangentOf.apply(predicted)));
    }

    /**
     * {@link #pullback} of many inputs with the same rule for the cotangent, results in input order. The default
     * evaluates them one after another; models that may be called from several threads at once and do not run
     * through DJL's autograd (the Java PDE solvers with their adjoints) override it to run a bounded number in
     * parallel ({@link BatchExecutor}), so that a guided sampler's per-sample solves run side by side. DJL models
     * keep the default: a gradient collector is open while a guided sampler asks for these (one per JVM).
     * {@code cotangentOf} may then run on several threads at once, so it must be thread-safe (a pure function of
     * the prediction); if a row fails, the first failure in row order is rethrown.
     *
     * @param xs packed unknowns, one row per input
     * @param cotangentOf w as a function of G(x)
     * @return one pullback per row
     * @throws UnsupportedOperationException when {@link #hasGradient()} is false
     */
    default Pullback[] pullbackBatch(double[][] xs, UnaryOperator<double[]> cotangentOf) {
        Pullback[] out = new Pullback[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = pullback(xs[i], cotangentOf);
        }
        return out;
    }

    /**
     * A prediction and the gradient pulled back through the model at that point.
     *
     * @param predicted G(x), length m
     * @param gradient {@code J(x)^T w}, length of the packed unknowns
     */
    record Pullback(double[] predicted, double[] gradient) {}

    /**
     * The data misfit {@code Phi(x) = 1/2 |(G(x) - y) / sigma|^2} with its gradient
     * {@code J^T (G(x) - y) / sigma^2}, by {@link #pullback}: models that override that one solve once for both.
     *
     * @param x packed unknowns
     * @param observations y and sigma
     * @return predictions, misfit and gradient
     * @throws UnsupportedOperationException when {@link #hasGradient()} is false
     */
    default MisfitGradient misfitAndGradient(double[] x, Observations observations) {
        if (observations.size() != outputSize()) {
            throw new IllegalArgumentException(
                    observations.size() + " observations for a model predicting " + outputSize());
        }
        Pullback p = pullback(x, observations::misfitGradient);
        return new MisfitGradient(p.predicted(), observations.misfit(p.predicted()), p.gradient());
    }

    /**
     * The model that does the work behind a wrapper that counts its calls or evaluates it elsewhere
     * (e.g. on Spark), so that a problem can recognise its own model; a model that wraps nothing is its
     * own.
     */
    default ForwardModel unwrap() {
        return this;
    }

    /** A one-line description for logs and error messages. */
    default String description() {
        return getClass().getSimpleName();
    }
}
