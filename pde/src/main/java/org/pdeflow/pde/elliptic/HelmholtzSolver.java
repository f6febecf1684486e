package org.pdeflow.pde.elliptic;

import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Helmholtz equation with Dirichlet data by second-order finite differences:
 * <pre>
 *   -Laplace u - k^2 u = f  in (0, lx) x (0, ly),     u = g on the boundary,
 * </pre>
 * with any real k^2, on the nodes of a {@link Layout#NODE} grid (five-point stencil as in
 * {@link PoissonSolver}; error O(h^2) for smooth solutions).
 *
 * <p><b>Sign convention.</b> k^2 &gt; 0 is the physical (wave) Helmholtz equation; the operator is
 * indefinite once k^2 exceeds the smallest Dirichlet eigenvalue (2 pi^2 on the unit square). The
 * "Helmholtz" task of DiffusionPDE / FunDPS, {@code -Laplace u + u = a}, is this equation with
 * <b>k^2 = -1</b> and f = a: negative k^2 gives a positive definite (screened Poisson) operator.
 *
 * <p><b>Method.</b> The matrix is assembled in nested-dissection order and factorised once in the
 * constructor: by sparse Cholesky when k^2 is below the smallest eigenvalue of the discrete
 * Laplacian, {@code (4/dx^2) sin^2(pi/(2(nx-1))) + (4/dy^2) sin^2(pi/(2(ny-1)))}, i.e. when the
 * matrix is positive definite, and by sparse LU with partial pivoting otherwise. A k^2 that
 * coincides with a discrete eigenvalue (relative distance 1e-12 of the largest one) is rejected as
 * singular. Each solve is a right-hand side plus two triangular solves. Measured medians (JDK 17,
 * shared 2-core machine) for the indefinite k^2 = 400 (LU): constructor 57 / 230 / 650 ms, solve
 * 0.8 / 2.0 / 7.1 ms at s = 64 / 128 / 256; the definite case costs as {@link PoissonSolver}.
 *
 * <p><b>Arrays</b> and <b>threads</b>: see {@link ShiftedLaplacianSolver}.
 */
public final class HelmholtzSolver extends ShiftedLaplacianSolver {

    /**
     * Assembles and factorises -Laplace_h - k^2 on {@code grid}.
     *
     * @param grid a {@link Layout#NODE} grid
     * @param kSquared k^2, any finite real (use -1 for the DiffusionPDE equation -Laplace u + u = a)
     * @throws IllegalArgumentException if k^2 is not finite or is a discrete Dirichlet eigenvalue
     */
    public HelmholtzSolver(Grid2D grid, double kSquared) {
        super(grid, kSquared);
    }

    /** The k^2 of the equation. */
    public double kSquared() {
        return shift();
    }

    /** True when the system is positive definite and was factorised by Cholesky (else LU). */
    public boolean isPositiveDefinite() {
        return factorization().isCholesky();
    }
}
