package org.pdeflow.pde.elliptic;

import org.ejml.data.DMatrixSparseCSC;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Poisson equation with Dirichlet data by second-order finite differences:
 * <pre>
 *   -Laplace u = f  in (0, lx) x (0, ly),     u = g on the boundary,
 * </pre>
 * discretised with the five-point stencil on the nodes of a {@link Layout#NODE} grid (s x s nodes
 * on [0, L]^2 for {@link Grid2D#nodes(int, double)}, boundary included, h = L / (s - 1)):
 * {@code (4 u_ij - u_{i+1,j} - u_{i-1,j} - u_{i,j+1} - u_{i,j-1}) / h^2 = f_ij} (with dx, dy
 * separately on rectangles). Error O(h^2) for smooth solutions (LeVeque, <i>Finite Difference
 * Methods for Ordinary and Partial Differential Equations</i>, SIAM 2007, ch. 3).
 *
 * <p><b>Arrays.</b> f, g and the result are {@code double[nx * ny]}, row-major with x first
 * ({@code u[grid.index(i, j)] = u(x_i, y_j)}). g is passed as a full grid array whose boundary nodes
 * hold the data; its interior is ignored. The result includes the boundary nodes (equal to g).
 *
 * <p><b>Method.</b> The matrix is independent of the data, so it is assembled in nested-dissection
 * order and factorised once (sparse Cholesky, EJML) in the constructor; a solve is a right-hand side
 * and two triangular solves. Measured against IC(0)-preconditioned CG the direct method was faster
 * at s = 64, 128 and 256 even when the factorisation is repeated for every solve (table in
 * {@link org.pdeflow.pde.darcy.DarcySolver}); with the factor reused it is far ahead. Measured
 * medians (JDK 17, shared 2-core machine): constructor 7 / 60 / 370 ms and solve 0.3 / 1.3 / 6.4 ms
 * at s = 64 / 128 / 256, of which the triangular solves are 0.16 / 1.1 / 6.0 ms.
 *
 * <p><b>Threads.</b> {@link #solve} writes per-instance work arrays: an instance is not thread-safe.
 * Use one instance per thread.
 */
public final class PoissonSolver {

    private final ShiftedLaplacian operator;

    /**
     * Assembles and factorises the discrete Laplacian of {@code grid}.
     *
     * @param grid a {@link Layout#NODE} grid
     */
    public PoissonSolver(Grid2D grid) {
        this.operator = new ShiftedLaplacian(grid, 0.0);
    }

    /** The grid. */
    public Grid2D grid() {
        return operator.grid();
    }

    /**
     * Solves -Laplace u = f with u = 0 on the boundary.
     *
     * @param f source, length nx ny (boundary entries ignored)
     * @return u, length nx ny, boundary included
     */
    public double[] solve(double[] f) {
        return solve(f, null);
    }

    /**
     * Solves -Laplace u = f with u = g on the boundary.
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
     * Residual {@code f + Laplace_h u} of the discrete equations at interior nodes (0 on the
     * boundary, whose values of u serve as Dirichlet data), from the stencil rather than the matrix.
     */
    public double[] residual(double[] u, double[] f) {
        return operator.residual(u, f);
    }

    /**
     * The assembled system matrix (nested-dissection order, upper triangle; see
     * {@link FivePointSystem}), for benchmarks of the bare sparse solve. Do not modify it.
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
