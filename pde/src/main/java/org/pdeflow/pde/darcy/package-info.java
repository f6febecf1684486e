/**
 * Steady Darcy flow {@code -div(a grad u) = f} with Dirichlet data on a node grid, the forward problem of the Darcy
 * benchmark of the Fourier Neural Operator paper (Li et al., ICLR 2021) and of DiffusionPDE.
 *
 * <p>{@link DarcySolver} discretises the equation with the conservative five-point stencil (second order for smooth
 * permeability) and solves it by sparse Cholesky in nested-dissection order, the symbolic analysis reused for every new
 * coefficient field; its Javadoc holds the measurements behind that choice (direct solve against IC(0)-PCG and
 * natural-order Cholesky). {@link FaceAverage} chooses how a face permeability is formed from the two nodal values:
 * arithmetic (the FNO data generator's choice, the default) or harmonic (the finite-volume choice for jumps). The
 * random piecewise-constant permeabilities of the benchmark come from {@link org.pdeflow.pde.grf.DarcyCoefficient}; the
 * matrix and its factorisation are shared with the {@code elliptic} package.
 */
package org.pdeflow.pde.darcy;
