/**
 * High-accuracy reference solutions of the sampling ODEs, against which the samplers' convergence orders are tested.
 *
 * <p>{@link OdeReference} integrates the probability-flow ODE of a denoiser (in s = ln sigma, where
 * {@code dx/ds = x - D(x; e^s)} stays smooth down to small sigma) and the flow ODE of a velocity field with Hipparchus'
 * adaptive Dormand-Prince 8(5,3) on the flattened float64 state (Hairer, Nørsett &amp; Wanner, <i>Solving Ordinary
 * Differential Equations I</i>, sec. II.10), independently of any sampler in {@code org.pdeflow.solvers.sampling}.
 */
package org.pdeflow.solvers.reference;
