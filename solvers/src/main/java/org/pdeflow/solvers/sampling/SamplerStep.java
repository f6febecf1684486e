package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;

/**
 * What a sampler reports after each step (k-diffusion's callback dictionary as a record): enough for
 * progress bars, plots of x and x0hat, and tests. (An inverse method's progress, misfit and
 * estimate in physical units, is the inverse module's {@code StepInfo}.)
 *
 * <p>The arrays belong to the sampler's per-step scope and are closed when the callback returns:
 * copy what you keep ({@code x.duplicate()} then {@code attach} to your own manager, or
 * {@code toFloatArray()}).
 *
 * @param index step number i, 0-based
 * @param count total number of steps N
 * @param level the level the step starts from: sigma_i for diffusion samplers, t_i for flow samplers
 * @param nextLevel the level the step ends at: sigma_{i+1}, or t_{i+1}
 * @param x the state after the step (at nextLevel), (B, C, H, W)
 * @param denoised the data estimate x0hat at the start of the step: D(x_i; sigma_i) for diffusion
 *                 samplers (at the churned level for the stochastic EDM sampler), x_t + (1 - t) v(x_t, t)
 *                 (which is E[x0 | x_t]) for flow samplers
 */
public record SamplerStep(int index, int count, double level, double nextLevel, NDArray x, NDArray denoised) {}
