/**
 * Second-order five-point finite differences for linear elliptic equations with Dirichlet data on the nodes of a
 * {@link org.pdeflow.pde.grid.Layout#NODE} grid, solved by sparse direct factorisation (EJML).
 *
 * <p>{@link PoissonSolver} ({@code -Laplace u = f}) and {@link HelmholtzSolver} ({@code -Laplace u - k^2 u = f}, any
 * real k^2; k^2 = -1 is the screened-Poisson "Helmholtz" task of DiffusionPDE / FunDPS) share
 * {@link ShiftedLaplacianSolver}: the matrix does not depend on the data, so it is factorised once in the constructor
 * and a solve is two triangular solves. The building blocks are {@link FivePointSystem} (the matrix of
 * {@code sum c_pq (u_p - u_q) + shift u_p} over the interior nodes, boundary values moved to the right-hand side),
 * {@link NestedDissection} (George's geometric fill-reducing order, since EJML 0.44 has none: O(N log N) fill instead
 * of O(N^1.5)) and {@link SparseFactorization} (up-looking Cholesky for definite, left-looking LU with partial pivoting
 * for indefinite matrices; Davis, <i>Direct Methods for Sparse Linear Systems</i>, 2006). {@link SolveTimings} reports
 * where a solve spent its time. The Darcy solver of {@code org.pdeflow.pde.darcy} is built on the same classes.
 */
package org.pdeflow.pde.elliptic;
