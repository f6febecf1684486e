package org.pdeflow.solvers.noise;

/**
 * Which Gaussian noise a diffusion prior is trained and sampled with (a configuration choice; a prior
 * must be sampled with the noise it was trained with).
 */
public enum NoiseType {
    /** N(0, I): independent pixels (image diffusion, EDM). */
    WHITE,
    /**
     * N(0, C) with C a stationary periodic covariance, e.g. a {@link org.pdeflow.pde.grf.GrfSpec}
     * Matérn-type field or a periodised kernel (function-space diffusion as in FunDPS), drawn exactly
     * in Fourier space by {@link GaussianNoise}.
     */
    PERIODIC_GRF
}
