/**
 * The training objectives of diffusion and flow priors and the weight averaging they are sampled with.
 *
 * <p>{@link EdmLoss} is the EDM denoising loss (Karras et al. 2022, eq. 8: log-normal sigma, weight lambda(sigma) = 1 /
 * c_out^2); {@link FlowMatchingLoss} the conditional flow-matching loss on the linear path x_t = (1 - t) n + t x0
 * (Lipman et al. 2023; rectified flow, Liu et al. 2023), with flow times from a {@link TimeDistribution} (uniform, or
 * logit-normal as in Esser et al. 2024). Both take the noise n from the prior's own noise model, white or a Gaussian
 * random field for function-space priors. {@link Ema} keeps the exponential moving average of the parameters with EDM's
 * half-life-in-images decay and ramp-up. The training loop itself is {@link org.pdeflow.solvers.prior.PriorTrainer}.
 */
package org.pdeflow.solvers.training;
