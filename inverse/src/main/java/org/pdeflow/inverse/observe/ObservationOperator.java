package org.pdeflow.inverse.observe;

import ai.djl.ndarray.NDArray;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A linear observation operator {@code A}: samples a field on a grid at m places, {@code y = A u}.
 *
 * <p>Three kinds are provided: scattered points by bilinear interpolation ({@link PointSampling}),
 * every k-th grid node ({@link GridSubsampling}, InverseBench's {@code u[::k, ::k]}) and the whole
 * field ({@link FullField}). Each is available on {@code double[]} fields (with its adjoint, for
 * adjoint-state gradients) and on DJL arrays (differentiable, for autograd through a DJL forward
 * model). Noise levels belong to the data, see {@link Observations}.
 *
 * <p>Fields are row-major with x along the first axis: {@code u[grid.index(i, j)]}. Implementations
 * are immutable and thread-safe.
 */
public interface ObservationOperator {

    /** The grid the observed field lives on. */
    Grid2D grid();

    /** Number of observed values m. */
    int size();

    /**
     * {@code out = A u}.
     *
     * @param field u, length {@code grid().size()}
     * @param out receives m values
     */
    void apply(double[] field, double[] out);

    /** {@code A u} as a new array. */
    default double[] apply(double[] field) {
        double[] out = new double[size()];
        apply(field, out);
        return out;
    }

    /**
     * The adjoint {@code out = A^T v}, so that {@code <A u, v> = <u, A^T v>} (plain Euclidean inner
     * products): the gradient of {@code sum_k v_k (A u)_k} with respect to u.
     *
     * @param values v, length m
     * @param out overwritten with a field of length {@code grid().size()}
     */
    void applyTranspose(double[] values, double[] out);

    /**
     * {@code A u} for a batch of fields, differentiable by DJL autograd.
     *
     * @param fields shape (B, nx, ny), any floating dtype, on any device
     * @return shape (B, m), same dtype and device, attached to the manager of {@code fields}
     */
    NDArray apply(NDArray fields);

    /** A short description for logs, e.g. {@code "every 2nd node (16 x 16 of 32 x 32)"}. */
    String description();
}
