package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;

/**
 * A diffusion sampler: integrates from x at sigmas[0] down to sigmas[N] (usually 0) using a
 * {@link Denoiser}. Samplers are stateless, re-entrant functions (all state lives in locals).
 *
 * <p>The initial state is already scaled: for a prior, x_T = sigma_0 n with n from the noise the
 * prior was trained with (or an exact draw of the noisy marginal). The input array is neither
 * modified nor closed; the result is a new array attached to its manager. Every step runs in its own
 * sub-manager scope, so long runs do not accumulate arrays.
 */
public interface Sampler {

    /**
     * Samples.
     *
     * @param denoiser D(x; sigma)
     * @param initial x at sigmas[0], (B, C, H, W)
     * @param sigmas strictly decreasing levels, all positive except possibly the last (0: a final
     *               step to the data; positive: stop at that level), see
     *               {@link org.pdeflow.solvers.schedule.NoiseSchedule#validate}
     * @param callback observer of each step
     * @return x at sigmas[N]
     */
    NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback);

    /** {@link #sample(Denoiser, NDArray, double[], SamplerStepListener)} without a callback. */
    default NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas) {
        return sample(denoiser, initial, sigmas, SamplerStepListener.NONE);
    }

    /** Number of denoiser evaluations (NFE) this sampler makes on {@code sigmas}. */
    int evaluations(double[] sigmas);
}
