package org.pdeflow.operators.training;

import ai.djl.ndarray.NDArray;
import org.pdeflow.operators.layers.GraphScalars;

/**
 * The relative L2 error of fields, the loss and the accuracy measure of the FNO papers
 * (neuraloperator's LpLoss with p = 2, relative):
 * <pre>
 *   e(u, v) = || u - v ||_{L2} / || v ||_{L2}      per sample, over all channels and grid points,
 * </pre>
 * averaged over the batch. On a uniform grid the quadrature weight h^2 of the function-space norm
 * is the same in numerator and denominator and cancels, so the discrete sums are used as they are;
 * the value is the same at every resolution for the same functions.
 */
public final class RelativeL2 {

    private RelativeL2() {}

    /**
     * Per-sample relative errors.
     *
     * @param prediction fields (B, C, H, W)
     * @param target fields (B, C, H, W), no sample identically zero
     * @return (B,) relative L2 errors
     */
    public static NDArray perSample(NDArray prediction, NDArray target) {
        if (!prediction.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(
                    "prediction " + prediction.getShape() + " and target " + target.getShape() + " differ in shape");
        }
        int[] axes = {1, 2, 3};
        NDArray num = prediction.sub(target).square().sum(axes);
        // the tiny floor keeps an all-zero target from producing NaN; graph-safe (see GraphScalars)
        NDArray den = GraphScalars.plus(target.square().sum(axes), 1e-30);
        return num.div(den).sqrt();
    }

    /**
     * Batch mean of {@link #perSample}; differentiable in {@code prediction}.
     *
     * @param prediction fields (B, C, H, W)
     * @param target fields (B, C, H, W)
     * @return scalar
     */
    public static NDArray mean(NDArray prediction, NDArray target) {
        return perSample(prediction, target).mean();
    }
}
