package org.pdeflow.inverse.forward;

import ai.djl.ndarray.NDArray;

/**
 * The DJL view of a differentiable forward model: a batch of unknown fields in, a batch of
 * predicted measurements out, built from DJL operations so that autograd
 * ({@code GradientCollector}) differentiates through it. Gradient-based posterior samplers (DPS,
 * DAPS, ...) backpropagate the data misfit through {@code forward(denoise(x_t))} this way.
 *
 * <p>Shapes follow the toolkit's field-batch convention: x is (B, C, H, W) with C the unknown
 * fields (all on one grid, in the order of {@link #unknowns()}), H = nx and W = ny, float32; the
 * result is (B, m) float32 in the order of the observations. The result is attached to the
 * manager of x (intermediates too, unless the implementation scopes them); callers run it inside a
 * per-step {@code NDManager} scope.
 */
public interface TensorForwardModel {

    /** The unknown fields (the channels of x). */
    Unknowns unknowns();

    /** Number of predicted measurements m. */
    int outputSize();

    /**
     * Evaluates {@code G} on a batch.
     *
     * @param x shape (B, C, nx, ny), float32
     * @return shape (B, m), float32, differentiable with respect to x
     */
    NDArray forward(NDArray x);
}
