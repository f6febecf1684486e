/**
 * Denoisers and velocity fields, the two model interfaces every sampler is written against.
 *
 * <p>A {@link Denoiser} is D(x; sigma) ~ E[x0 | x = x0 + sigma n] in the sense of EDM (Karras et al. 2022, "Elucidating
 * the design space of diffusion-based generative models"); a {@link VelocityField} is the v(x, t) of flow matching on
 * the path x_t = (1 - t) n + t x0. {@link EdmDenoiser} wraps a DJL network with EDM's preconditioning ({@link
 * EdmScalings}: c_skip, c_out, c_in, c_noise); {@link GaussianDenoiser} is the exact denoiser, velocity and
 * probability-flow solution of Gaussian data, the analytic reference of the sampler tests; {@link NoiseLevels} builds
 * per-sample level arrays without a float32 round trip. Implementations allocate in the manager of their input, so a
 * caller frees each step's temporaries by closing one sub-manager.
 */
package org.pdeflow.solvers.denoise;
