package org.pdeflow.pde.elliptic;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * The factorised five-point operator -Laplace_h - k^2 on the interior nodes of a NODE grid, with
 * Dirichlet data: the common part of {@link PoissonSolver} (k^2 = 0) and {@link HelmholtzSolver}.
 * The matrix does not depend on the data, so it is assembled and factorised once in the constructor
 * and each solve is a right-hand side plus two triangular solves.
 *
 * <p><b>Arrays.</b> f, g and the result are {@code double[nx * ny]}, row-major with x first
 * ({@code u[grid.index(i, j)] = u(x_i, y_j)}). g is passed as a full grid array whose boundary nodes
 * hold the data; its interior is ignored. The result includes the boundary nodes (equal to g).
 *
 * <p><b>Threads.</b> A solve writes per-instance work arrays: an instance is not thread-safe. Use
 * one instance per thread.
 */
public abstract class ShiftedLaplacianSolver {

    /** Relative distance to a discrete eigenvalue below which the problem is treated as singular. */
    private static final double RESONANCE_TOLERANCE = 1e-12;

    private final Grid2D grid;
    private final FivePointSystem system;
    private final SparseFactorization factorization;
    private final double kSquared;
    private final double[] faceX;
    private final double[] faceY;
    private final double[] vector;
    private final long setupNanos;
    private SolveTimings lastTimings = SolveTimings.NONE;

    ShiftedLaplacianSolver(Grid2D grid, double kSquared) {
        if (!Double.isFinite(kSquared)) {
            throw new IllegalArgumentException("k^2 must be finite, got " + kSquared);
        }
        if (grid == null || grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException(
                    "elliptic Dirichlet solvers need a NODE grid (boundary nodes included), got "
                            + (grid == null ? "null" : grid.layout()));
        }
        long t0 = System.nanoTime();
        double lambdaMin = smallestEigenvalue(grid);
        boolean definite = kSquared < lambdaMin * (1 - 1e-9);
        requireNonResonant(grid, kSquared);
        this.grid = grid;
        this.kSquared = kSquared;
        this.system =
                new FivePointSystem(grid, definite ? FivePointSystem.Storage.UPPER : FivePointSystem.Storage.FULL);
        this.factorization = definite ? SparseFactorization.cholesky() : SparseFactorization.lu();
        int size = grid.size();
        double dx = grid.dx();
        double dy = grid.dy();
        faceX = new double[size];
        faceY = new double[size];
        Arrays.fill(faceX, 1.0 / (dx * dx));
        Arrays.fill(faceY, 1.0 / (dy * dy));
        vector = new double[system.unknowns()];
        system.assemble(faceX, faceY, -kSquared);
        factorization.factor(system.matrix());
        setupNanos = System.nanoTime() - t0;
    }

    /**
     * Smallest eigenvalue of the discrete Dirichlet Laplacian -Laplace_h on the interior nodes:
     * (4/dx^2) sin^2(pi/(2(nx-1))) + (4/dy^2) sin^2(pi/(2(ny-1))); +infinity without unknowns.
     */
    static double smallestEigenvalue(Grid2D grid) {
        if (grid.nx() < 3 || grid.ny() < 3) {
            return Double.POSITIVE_INFINITY;
        }
        return axisEigenvalue(1, grid.nx(), grid.dx()) + axisEigenvalue(1, grid.ny(), grid.dy());
    }

    private static double axisEigenvalue(int p, int nodes, double h) {
        double s = Math.sin(Math.PI * p / (2.0 * (nodes - 1)));
        return 4.0 * s * s / (h * h);
    }

    private static void requireNonResonant(Grid2D grid, double kSquared) {
        int m = grid.nx() - 2;
        int n = grid.ny() - 2;
        if (m < 1 || n < 1) {
            return;
        }
        double[] ex = new double[m];
        double[] ey = new double[n];
        for (int p = 1; p <= m; p++) {
            ex[p - 1] = axisEigenvalue(p, grid.nx(), grid.dx());
        }
        for (int q = 1; q <= n; q++) {
            ey[q - 1] = axisEigenvalue(q, grid.ny(), grid.dy());
        }
        double scale = ex[m - 1] + ey[n - 1];
        for (int p = 0; p < m; p++) {
            for (int q = 0; q < n; q++) {
                double lambda = ex[p] + ey[q];
                if (Math.abs(lambda - kSquared) <= RESONANCE_TOLERANCE * scale) {
                    throw new IllegalArgumentException(
                            "k^2 = " + kSquared + " is an eigenvalue (" + lambda + ", mode " + (p + 1) + "," + (q + 1)
                                    + ") of the discrete Dirichlet Laplacian on this grid: the problem is singular");
                }
            }
        }
    }

    /** The grid. */
    public Grid2D grid() {
        return grid;
    }

    /** The k^2 of the operator -Laplace - k^2 (0 for Poisson). */
    double shift() {
        return kSquared;
    }

    /** The factorisation of the system matrix. */
    SparseFactorization factorization() {
        return factorization;
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
        double[] u = new double[grid.size()];
        solve(f, boundary, u);
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
        long t0 = System.nanoTime();
        requireField(u, "u", false);
        requireField(f, "f", true);
        if (boundary != null) {
            requireField(boundary, "boundary", true);
        }
        system.rightHandSide(f, boundary, faceX, faceY, vector);
        long t1 = System.nanoTime();
        factorization.solveInPlace(vector);
        long t2 = System.nanoTime();
        system.scatter(vector, boundary, u);
        long t3 = System.nanoTime();
        lastTimings = new SolveTimings((t1 - t0) + (t3 - t2), 0L, t2 - t1);
    }

    /**
     * Residual {@code f - (-Laplace_h - k^2) u} of the discrete equations at interior nodes (0 on
     * the boundary, whose values of u serve as Dirichlet data), from the stencil rather than the
     * matrix.
     */
    public double[] residual(double[] u, double[] f) {
        requireField(u, "u", true);
        requireField(f, "f", true);
        double[] r = new double[grid.size()];
        system.residual(faceX, faceY, -kSquared, u, f, r);
        return r;
    }

    /**
     * The assembled system matrix (nested-dissection order; see {@link FivePointSystem}), for
     * benchmarks of the bare sparse solve. Do not modify it.
     */
    public DMatrixSparseCSC matrix() {
        return system.matrix();
    }

    /** Pattern, numbering and right-hand-side builder of the system. */
    public FivePointSystem system() {
        return system;
    }

    /** Nanoseconds spent in the constructor on assembly and factorisation. */
    public long setupNanos() {
        return setupNanos;
    }

    /** Timings of the last solve on this instance (factorNanos is 0: the factor is reused). */
    public SolveTimings lastTimings() {
        return lastTimings;
    }

    private void requireField(double[] v, String name, boolean finite) {
        if (v == null || v.length != grid.size()) {
            throw new IllegalArgumentException(name + " must have length nx*ny = " + grid.size()
                    + " (" + grid.nx() + " x " + grid.ny() + " nodes, row-major, x first), got "
                    + (v == null ? "null" : v.length));
        }
        if (finite) {
            for (int k = 0; k < v.length; k++) {
                if (!Double.isFinite(v[k])) {
                    throw new IllegalArgumentException(name + " must be finite, got " + v[k] + " at index " + k);
                }
            }
        }
    }
}
