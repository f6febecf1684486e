/**
 * Samplers of diffusion and flow models: deterministic and stochastic integrators of the probability-flow ODE over a
 * {@link org.pdeflow.solvers.denoise.Denoiser}, and ODE integrators over a
 * {@link org.pdeflow.solvers.denoise.VelocityField}, in the k-diffusion design (each sampler a stateless function of
 * the model, the initial state and the levels).
 *
 * <p>{@link Sampler}s run from sigma_0 down to 0: {@link EulerSampler} (first order; the same update as deterministic
 * DDIM and first-order DPM-Solver++), {@link HeunSampler} (EDM's Algorithm 1), {@link EdmStochasticSampler} (EDM's
 * Algorithm 2 with churn), {@link DdimSampler} (Song, Meng &amp; Ermon 2021, in sigma, with eta) and
 * {@link DpmSolverPlusPlus2MSampler} (Lu et al. 2022, multistep second order). {@link FlowSampler}s run from t = 0 to
 * 1: {@link FlowEulerSampler} and {@link FlowHeunSampler}. Every step runs in its own NDManager scope, so memory does
 * not grow with the number of steps; a {@link StepCallback} sees each {@link StepInfo} (state and denoised estimate)
 * while it is alive.
 */
package org.pdeflow.solvers.sampling;
