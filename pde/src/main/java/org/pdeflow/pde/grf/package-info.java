/**
 * Gaussian random fields N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha)), the Matérn-type prior of Stuart (Acta Numerica
 * 2010) with which the Fourier Neural Operator data sets (Li et al., ICLR 2021) draw their initial vorticities and
 * permeabilities.
 *
 * <p>{@link GrfSpec} holds alpha, tau, sigma and whether the constant mode is removed, with the FNO presets
 * {@link GrfSpec#darcyFno()} and {@link GrfSpec#nsFno()}. {@link GaussianRandomField} is the sampler interface
 * (immutable, all randomness from the generator passed in); it has two exact spectral implementations:
 * {@link PeriodicGaussianField} (Fourier modes on a periodic grid, for Navier-Stokes) and {@link NeumannGaussianField}
 * (cosine modes of the Neumann Laplacian on a node grid, for Darcy), whose cosine sums use a DCT-I by FFT or by
 * Bluestein's chirp-z ({@code CosineSum}). {@link DarcyCoefficient} thresholds a Neumann field into the two-valued
 * permeability {12, 3} of the FNO Darcy benchmark.
 */
package org.pdeflow.pde.grf;
