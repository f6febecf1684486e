package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.VelocityField;

/**
 * A flow sampler: integrates dx/dt = v(x, t) along an increasing time grid from t_0 (0: noise) to
 * t_N (1: data), for flow-matching / rectified-flow models. Same memory and re-entrancy contract as
 * {@link Sampler}.
 */
public interface FlowSampler {

    /**
     * Samples.
     *
     * @param field v(x, t)
     * @param initial x at times[0], (B, C, H, W); at t = 0 a draw of the noise n ~ N(0, C)
     * @param times strictly increasing times in [0, 1], see
     *              {@link org.pdeflow.solvers.schedule.FlowTimes#validate}
     * @param callback observer of each step ({@link SamplerStep#level()} is t)
     * @return x at times[N]
     */
    NDArray sample(VelocityField field, NDArray initial, double[] times, SamplerStepListener callback);

    /** Without a callback. */
    default NDArray sample(VelocityField field, NDArray initial, double[] times) {
        return sample(field, initial, times, SamplerStepListener.NONE);
    }

    /** Number of velocity evaluations (NFE) on {@code times}. */
    int evaluations(double[] times);
}
