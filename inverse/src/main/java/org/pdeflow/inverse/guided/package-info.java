/**
 * Guided diffusion posterior samplers: DPS ({@link org.pdeflow.inverse.guided.Dps}), DAPS
 * ({@link org.pdeflow.inverse.guided.Daps}), DiffPIR with proximal data steps
 * ({@link org.pdeflow.inverse.guided.DiffPir}), EnKG ({@link org.pdeflow.inverse.guided.Enkg}), FunDPS
 * ({@link org.pdeflow.inverse.guided.FunDps}) and DiffusionPDE-style joint guidance
 * ({@link org.pdeflow.inverse.guided.DiffusionPde}), each a
 * {@link org.pdeflow.inverse.sampling.PosteriorSampler} over a
 * {@link org.pdeflow.inverse.guided.DiffusionFieldPrior} (a denoiser with its noise and
 * normalisation), batched over samples along the tensor batch axis. The exact Gaussian prior
 * {@link org.pdeflow.inverse.guided.GaussianFieldPrior} verifies them against closed-form posteriors.
 */
package org.pdeflow.inverse.guided;
