package org.pdeflow.pde.darcy;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.pdeflow.pde.elliptic.FivePointSystem;
import org.pdeflow.pde.elliptic.SolveTimings;
import org.pdeflow.pde.elliptic.SparseFactorization;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Steady Darcy flow: second-order finite differences for
 * <pre>
 *   -div( a(x, y) grad u(x, y) ) = f(x, y)  in (0, lx) x (0, ly),     u = g on the boundary,
 * </pre>
 * with permeability a &gt; 0, source f (default f = 1) and Dirichlet data g (default g = 0), all
 * given at the nodes of a {@link Layout#NODE} grid (s x s nodes on [0, L]^2 for
 * {@link Grid2D#nodes(int, double)}, boundary included, h = L / (s - 1)). Units are the caller's:
 * u carries the units of f L^2 / a.
 *
 * <p><b>Scheme.</b> The conservative five-point stencil
 * <pre>
 *   [ a_{i+1/2,j} (u_{i,j} - u_{i+1,j}) + a_{i-1/2,j} (u_{i,j} - u_{i-1,j}) ] / dx^2
 * + [ a_{i,j+1/2} (u_{i,j} - u_{i,j+1}) + a_{i,j-1/2} (u_{i,j} - u_{i,j-1}) ] / dy^2 = f_{i,j}
 * </pre>
 * at every interior node, with face permeabilities from the nodal values by {@link FaceAverage}:
 * arithmetic a_{i+1/2,j} = (a_{i,j} + a_{i+1,j}) / 2 by default (as in the FNO Darcy data
 * generator), harmonic on request. For smooth a the error is O(h^2); for piecewise-constant a
 * (e.g. values {12, 3}) the discrete solution is the standard reference of the Darcy benchmark.
 * The discrete operator is symmetric positive definite.
 *
 * <p><b>Linear algebra, chosen by measurement.</b> The matrix is assembled in nested-dissection
 * order ({@link org.pdeflow.pde.elliptic.NestedDissection}) and factorised by EJML's sparse Cholesky;
 * the symbolic analysis is done once per solver and reused for every new coefficient field, so each
 * {@link #solve} is numeric factorisation plus two triangular solves. The choice was made by
 * measurement ({@code EllipticSolverBenchmark} in the test sources): per solve with a
 * piecewise-constant {12, 3} permeability, f = 1, medians over 15 (s = 256: 7) repetitions after
 * warm-up, the methods alternated within each repetition, JDK 17 on a shared 2-core machine
 * (wall time, thread CPU time in brackets):
 * <pre>
 *     s | ND Cholesky: assemble factor  solve   total        | natural-order Chol. | IC(0)-PCG, rel. residual 1e-10
 *    64 |              0.2-1 ms 5.2 ms  0.17 ms 7.4 (4.9) ms  |    26 (14) ms       |   13 (5.8) ms,  61 iterations
 *   128 |              0.2 ms   31 ms   0.9 ms  33 (32) ms    |   226 (225) ms      |   42 (42) ms,  115 iterations
 *   256 |              1.2 ms  292 ms   8.6 ms  305 (294) ms  |  6600 (3900) ms     |  352 (339) ms, 214 iterations
 * </pre>
 * (nnz of the Cholesky factor at s = 256: 2.3 million in nested-dissection order, 16.4 million in
 * natural order.) The direct solve is the fastest at every size, is exact to rounding (the PCG
 * fields differ from it by ~1e-14), and its cost does not depend on the contrast of a, so it is
 * used throughout. Assembly and right-hand side are below 1 % of a solve from s = 128 on.
 *
 * <p><b>Threads.</b> An instance owns its matrix, factor and work arrays and is not thread-safe.
 * Generate samples in parallel with one instance per thread (e.g. a {@code ThreadLocal}); instances
 * share nothing mutable.
 */
public final class DarcySolver {

    private final Grid2D grid;
    private final FaceAverage average;
    private final FivePointSystem system;
    private final SparseFactorization factorization;
    private final double[] faceX;
    private final double[] faceY;
    private final double[] unitSource;
    private final double[] vector;
    private final double invDx2;
    private final double invDy2;
    private SolveTimings lastTimings = SolveTimings.NONE;

    /** A solver with arithmetic face averaging. */
    public DarcySolver(Grid2D grid) {
        this(grid, FaceAverage.ARITHMETIC);
    }

    /**
     * A solver for one grid; the sparsity pattern and its ordering are built here.
     *
     * @param grid a {@link Layout#NODE} grid with at least 2 x 2 nodes
     * @param average how face permeabilities are formed from nodal values
     */
    public DarcySolver(Grid2D grid, FaceAverage average) {
        if (average == null) {
            throw new IllegalArgumentException("face average is required");
        }
        this.system = new FivePointSystem(grid, FivePointSystem.Storage.UPPER);
        this.grid = grid;
        this.average = average;
        this.factorization = SparseFactorization.cholesky();
        int size = grid.size();
        this.faceX = new double[size];
        this.faceY = new double[size];
        this.unitSource = new double[size];
        Arrays.fill(unitSource, 1.0);
        this.vector = new double[system.unknowns()];
        double dx = grid.dx();
        double dy = grid.dy();
        this.invDx2 = 1.0 / (dx * dx);
        this.invDy2 = 1.0 / (dy * dy);
    }

    /** The grid. */
    public Grid2D grid() {
        return grid;
    }

    /** The face averaging rule. */
    public FaceAverage faceAverage() {
        return average;
    }

    /**
     * Solves with f = 1 and u = 0 on the boundary (the FNO / DiffusionPDE Darcy problem).
     *
     * @param a permeability at the nodes, length nx ny, row-major (x first), every entry positive and finite
     * @return u at all nodes, length nx ny, boundary included
     */
    public double[] solve(double[] a) {
        return solve(a, unitSource, null);
    }

    /**
     * Solves with u = 0 on the boundary.
     *
     * @param a permeability at the nodes, length nx ny, positive and finite
     * @param f source at the nodes, length nx ny (boundary entries ignored)
     * @return u at all nodes, length nx ny
     */
    public double[] solve(double[] a, double[] f) {
        return solve(a, f, null);
    }

    /**
     * Solves with Dirichlet data.
     *
     * @param a permeability at the nodes, length nx ny, positive and finite
     * @param f source at the nodes, length nx ny (boundary entries ignored)
     * @param boundary length nx ny whose boundary nodes hold g (interior ignored); null for g = 0
     * @return u at all nodes, length nx ny; boundary nodes equal g
     */
    public double[] solve(double[] a, double[] f, double[] boundary) {
        double[] u = new double[grid.size()];
        solve(a, f, boundary, u);
        return u;
    }

    /**
     * Solves with Dirichlet data into a caller-supplied array (no allocation per call).
     *
     * @param a permeability at the nodes, length nx ny, positive and finite
     * @param f source at the nodes, length nx ny (boundary entries ignored)
     * @param boundary length nx ny whose boundary nodes hold g; null for g = 0
     * @param u output, length nx ny
     * @throws IllegalArgumentException on wrong lengths, non-finite data or a non-positive permeability
     */
    public void solve(double[] a, double[] f, double[] boundary, double[] u) {
        long t0 = System.nanoTime();
        requireField(u, "u", false);
        requireField(f, "f", true);
        if (boundary != null) {
            requireField(boundary, "boundary", true);
        }
        assemble(a);
        system.rightHandSide(f, boundary, faceX, faceY, vector);
        long t1 = System.nanoTime();
        factorization.factor(system.matrix());
        long t2 = System.nanoTime();
        factorization.solveInPlace(vector);
        long t3 = System.nanoTime();
        system.scatter(vector, boundary, u);
        long t4 = System.nanoTime();
        lastTimings = new SolveTimings((t1 - t0) + (t4 - t3), t2 - t1, t3 - t2);
    }

    /**
     * Assembles the matrix for permeability {@code a} and returns it, for benchmarks that time the
     * bare sparse factorisation of the same system. The matrix is in nested-dissection order,
     * upper triangle only (see {@link FivePointSystem}); it is this solver's live matrix and is
     * overwritten by the next call.
     *
     * @param a permeability at the nodes, length nx ny, positive and finite
     * @return the live system matrix
     */
    public DMatrixSparseCSC assemble(double[] a) {
        requirePermeability(a);
        int nx = grid.nx();
        int ny = grid.ny();
        for (int i = 0; i < nx; i++) {
            int row = i * ny;
            for (int j = 0; j < ny; j++) {
                int g = row + j;
                double ap = a[g];
                faceX[g] = i < nx - 1 ? average.of(ap, a[g + ny]) * invDx2 : 0.0;
                faceY[g] = j < ny - 1 ? average.of(ap, a[g + 1]) * invDy2 : 0.0;
            }
        }
        system.assemble(faceX, faceY, 0.0);
        return system.matrix();
    }

    /** The system pattern, numbering and right-hand-side builder used by this solver. */
    public FivePointSystem system() {
        return system;
    }

    /**
     * Residual of the discrete equations, {@code r = f + div_h(a grad_h u)} at interior nodes and 0 on
     * the boundary (boundary values of u act as the Dirichlet data), evaluated with the stencil
     * directly rather than through the matrix. Like {@link #assemble} it rewrites the live matrix
     * values (the next {@link #solve} refactorises anyway).
     *
     * @param a permeability, length nx ny, positive and finite
     * @param u field, length nx ny
     * @param f source, length nx ny
     * @return residual, length nx ny
     */
    public double[] residual(double[] a, double[] u, double[] f) {
        requireField(u, "u", true);
        requireField(f, "f", true);
        assemble(a);
        double[] r = new double[grid.size()];
        system.residual(faceX, faceY, 0.0, u, f, r);
        return r;
    }

    /** Timings of the last {@link #solve} call on this instance. */
    public SolveTimings lastTimings() {
        return lastTimings;
    }

    private void requirePermeability(double[] a) {
        requireField(a, "permeability a", false);
        for (int k = 0; k < a.length; k++) {
            double v = a[k];
            if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
                int ny = grid.ny();
                throw new IllegalArgumentException("permeability a must be positive and finite at every node, got a["
                        + k + "] = " + v + " at node (i=" + k / ny + ", j=" + k % ny + ")");
            }
        }
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
