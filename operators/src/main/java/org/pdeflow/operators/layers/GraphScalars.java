package org.pdeflow.operators.layers;

import ai.djl.ndarray.NDArray;

/**
 * Scalar constants that are safe inside an autograd graph.
 *
 * <p><b>Why this exists (DJL 0.35.1, PyTorch engine, CPU).</b> {@code NDArray.mul(Number)},
 * {@code add(Number)}, {@code div(Number)}, ... create the scalar with {@code torch::from_blob}
 * over a Java direct buffer and close that array right after the operation. The autograd graph
 * still holds the scalar tensor (the product rule needs it), but nothing on the Java side holds
 * the buffer, so after a garbage collection the backward pass reads freed memory: gradients
 * silently become zero or garbage. Observed here: the spectral weights of a U-NO received exactly
 * zero gradient whenever {@code System.gc()} ran between forward and backward. Every scalar that
 * enters a differentiable computation is therefore created with {@link #of}, which attaches it to
 * the manager of the array it will be combined with, keeping its buffer alive until that manager
 * (normally the per-step scope) is closed.
 */
public final class GraphScalars {

    private GraphScalars() {}

    /**
     * A float32 scalar on the device and manager of {@code like}.
     *
     * @param like the array the scalar will be combined with
     * @param value the value
     * @return a 0-d array attached to {@code like}'s manager
     */
    public static NDArray of(NDArray like, double value) {
        NDArray s = like.getManager().create((float) value);
        return s.getDevice().equals(like.getDevice()) ? s : s.toDevice(like.getDevice(), false);
    }

    /** {@code x * value}, graph-safe. */
    public static NDArray times(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    /** {@code x + value}, graph-safe. */
    public static NDArray plus(NDArray x, double value) {
        return x.add(of(x, value));
    }
}
