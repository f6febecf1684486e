/**
 * Fourier analysis of real fields on a {@link org.pdeflow.pde.grid.Grid2D}.
 *
 * <p>{@link RealFft2D} is the two-dimensional real FFT (JTransforms) in the half-spectrum layout of
 * {@code numpy.fft.rfft2}, normalised so that the coefficients of a band-limited function do not depend on the grid
 * size; the Navier-Stokes solver works on these coefficients. {@link RadialSpectrum} bins a field's power by wavenumber
 * magnitude, taking the Fourier series of a continuous extension chosen by the grid's layout (the field itself when
 * periodic, even reflections for node and cell grids), to compare the spectra of generated or reconstructed fields with
 * the truth.
 */
package org.pdeflow.pde.spectral;
