/**
 * The 2-D constant-density acoustic wave equation {@code u_tt + sigma u_t = c^2 Lap u + f} with variable velocity c(x,
 * y), the forward model of seismic full-waveform inversion, in SI units on a node grid.
 *
 * <p>{@link AcousticWave2D} holds the problem: velocity model and boundary, either rigid or the damping sponge of
 * {@link AbsorbingLayer} added outside the model (Cerjan et al. 1985, quadratic profile). Sources are
 * {@link PointSource}s with a {@link RickerWavelet} time function, spread bilinearly onto the grid; {@link Receiver}s
 * record u by bilinear interpolation. Two {@link WaveIntegrator}s march the five-point semi-discretisation:
 * {@link LeapfrogIntegrator} (explicit second-order central differences, Alford, Kelly &amp; Boore 1974, with a
 * CFL-limited automatic step) and {@link MethodOfLinesIntegrator} (any Hipparchus ODE integrator, as an independent
 * check). Each returns a {@link WaveSolution} (receiver traces and the final wavefield). {@link ShotRunner} runs a
 * survey: one independent simulation per source, in parallel, all recorded by the same receivers.
 */
package org.pdeflow.pde.wave;
