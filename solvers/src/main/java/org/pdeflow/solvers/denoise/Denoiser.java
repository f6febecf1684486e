package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;

/**
 * A denoiser in the sense of Karras et al. (2022), "Elucidating the design space of diffusion-based
 * generative models" (EDM): D(x; sigma) ~ E[x0 | x], where x = x0 + sigma n, n ~ N(0, C) (C = I for
 * white noise, a fixed covariance for function-space noise). Every sampler in
 * {@link org.pdeflow.solvers.sampling} is a function over this interface (the k-diffusion design);
 * the score is (D(x; sigma) - x) / sigma^2 (times C^-1 for coloured noise).
 *
 * <p><b>Memory.</b> Implementations create their result and every temporary in x's
 * {@link ai.djl.ndarray.NDManager} (never in a long-lived one), so a caller that scopes x in a
 * per-step sub-manager frees everything by closing it.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * Evaluates D(x; sigma).
     *
     * @param x noisy fields (B, C, H, W)
     * @param sigma noise levels, shape (B,) or a scalar (shape ()) for the whole batch, &gt;= 0
     * @return the denoised estimate, same shape and type as x, attached to x's manager
     */
    NDArray denoise(NDArray x, NDArray sigma);
}
