/**
 * Discretisations of the noise level (diffusion) or time (flow) for a given number of sampler steps.
 *
 * <p>A {@link NoiseSchedule} gives decreasing levels sigma_0 &gt; ... &gt; sigma_{N-1} &gt; 0 followed by 0, in EDM's
 * sigma parameterisation: {@link KarrasSchedule} (EDM's rho-warped grid, Karras et al. 2022, eq. 5),
 * {@link LogLinearSchedule} (uniform in log sigma, the grid of DPM-Solver), {@link VpSchedule} (the variance-preserving
 * SDE of Song et al. 2021) and {@link DdpmSchedule} (Ho et al. 2020's discrete betas, respaced for DDIM and mapped to
 * sigma = sqrt((1 - abar) / abar)). {@link FlowTimes} gives the increasing time grids of flow samplers, from noise at t
 * = 0 to data at t = 1.
 */
package org.pdeflow.solvers.schedule;
