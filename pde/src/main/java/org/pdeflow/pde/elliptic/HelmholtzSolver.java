package org.pdeflow.pde.elliptic;

import org.ejml.data.DMatrixSparseCSC;
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
 * <p><b>Arrays</b> and <b>threads</b>: as for {@link PoissonSolver}.
 */
public final class HelmholtzSolver {

    private final ShiftedLaplacian operator;

    /**
     * Assembles and factorises -Laplace_h - k^2 on {@code grid}.
     *
     * @param grid a {@link Layout#NODE} grid
     * @param kSquared k^2, any finite real (use -1 for the DiffusionPDE equation -Laplace u + u = a)
     * @throws IllegalArgumentException if k^2 is not finite or is a discrete Dirichlet eigenvalue
     */
    public HelmholtzSolver(Grid2D grid, double kSquared) {
        this.operator = new ShiftedLaplacian(grid, kSquared);
    }

    /** The grid. */
    public Grid2D grid() {
        return operator.grid();
    }

    /** The k^2 of the equation. */
    public double kSquared() {
        return operator.kSquared();
    }

    /** True when the system is positive definite and was factorised by Cholesky (else LU). */
    public boolean isPositiveDefinite() {
        return operator.factorization().isCholesky();
    }

    /**
     * Solves with u = 0 on the boundary.
     *
     * @param f source, length nx ny (boundary entries ignored)
     * @return u, length nx ny, boundary included
     */
    public double[] solve(double[] f) {
        return solve(f, null);
    }

    /**
     * Solves with u = g on the boundary.
     *
     * @param f source, length nx ny (boundary entries ignored)
     * @param boundary length nx ny whose boundary nodes hold g (interior ignored); null for g = 0
     * @return u, length nx ny, boundary included
     */
    public double[] solve(double[] f, double[] boundary) {
        double[] u = new double[operator.grid().size()];
        operator.solve(f, boundary, u);
        return u;
    }

    /**
     * Solves into a caller-supplied array (no allocation per call).
     *
     * @param f source, length nx ny
     * @param boundary Dirichlet data as a grid array, or null for g = 0
     * @param u output, length nx ny
     */
    public void solve(double[] f, double[] boundary, double[] u) {
        operator.solve(f, boundary, u);
    }

    /**
     * Residual {@code f + Laplace_h u + k^2 u} of the discrete equations at interior nodes (0 on the
     * boundary), from the stencil rather than the matrix.
     */
    public double[] residual(double[] u, double[] f) {
        return operator.residual(u, f);
    }

    /**
     * The assembled system matrix (nested-dissection order; upper triangle when positive definite,
     * both triangles otherwise), for benchmarks of the bare sparse solve. Do not modify it.
     */
    public DMatrixSparseCSC matrix() {
        return operator.system().matrix();
    }

    /** Pattern, numbering and right-hand-side builder of the system. */
    public FivePointSystem system() {
        return operator.system();
    }

    /** Nanoseconds spent in the constructor on assembly and factorisation. */
    public long setupNanos() {
        return operator.setupNanos();
    }

    /** Timings of the last solve on this instance (factorNanos is 0: the factor is reused). */
    public SolveTimings lastTimings() {
        return operator.lastTimings();
    }
}
