/**
 * Gaussian noise models for diffusion priors: white noise, or coloured noise with a stationary covariance for
 * function-space diffusion (Lim et al. 2023; FunDPS, Yao et al. 2025).
 *
 * <p>{@link DiagonalCovariance} is a covariance of (C, H, W) fields diagonal in the pixel or the periodic Fourier basis
 * ({@code C x = real(ifft2(c * fft2(x)))}), with the eigenvalues kept in double precision; {@link GaussianNoise} draws
 * batches from N(0, C) exactly as {@code C^(1/2) z} on the engine's device; {@link NoiseType} names the choice a prior
 * is trained with (and must then be sampled with). The same covariance defines the exact
 * {@link org.pdeflow.solvers.denoise.GaussianDenoiser} used as ground truth in tests.
 */
package org.pdeflow.solvers.noise;
