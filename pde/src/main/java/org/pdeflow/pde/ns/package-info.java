/**
 * Two-dimensional incompressible Navier-Stokes in vorticity form, {@code dω/dt + u·∇ω = ν Δω + f} with {@code -Δψ = ω},
 * on a periodic rectangle, discretised by the Fourier pseudo-spectral method (Canuto et al., <i>Spectral Methods</i>,
 * 2006).
 *
 * <p>{@link NavierStokes2D} is the problem (grid, viscosity, {@link Forcing}, {@link Dealiasing} rule: Orszag's 2/3
 * rule as a per-axis box, or the disc of InverseBench's solver) and {@link NavierStokesPreset} the published set-ups:
 * Kolmogorov flow at Re = 200 (InverseBench, Zheng et al. 2025) and the forcing of Li et al. 2021 (FNO, DiffusionPDE).
 * {@link VorticityOperator} evaluates the right-hand side on Fourier coefficients, split into the diagonal viscous term
 * and the explicit advection and forcing. Two {@link VorticityIntegrator}s advance it: {@link ImexCrankNicolsonHeun}
 * (Crank-Nicolson for viscosity, Heun for the rest, after Chandler &amp; Kerswell 2013 and jax-cfd; fixed or
 * CFL-adaptive step) and {@link MethodOfLinesIntegrator} (any Hipparchus ODE integrator on the whole spectrum, e.g.
 * Dormand-Prince 8(5,3) as a high-accuracy reference).
 */
package org.pdeflow.pde.ns;
