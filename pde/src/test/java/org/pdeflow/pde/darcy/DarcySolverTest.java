package org.pdeflow.pde.darcy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.elliptic.ConvergenceCheck;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class DarcySolverTest {

    private static double[] sample(Grid2D grid, DoubleBinaryOperator g) {
        double[] v = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                v[grid.index(i, j)] = g.applyAsDouble(grid.x(i), grid.y(j));
            }
        }
        return v;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Piecewise-constant {12, 3} field: sign of a random smooth function (like the FNO inputs). */
    private static double[] twoPhase(Grid2D grid, long seed) {
        Random rnd = new Random(seed);
        double[] c = new double[25];
        for (int k = 0; k < c.length; k++) {
            c[k] = rnd.nextGaussian();
        }
        return sample(grid, (x, y) -> {
            double v = 0;
            for (int p = 0; p < 5; p++) {
                for (int q = 0; q < 5; q++) {
                    v += c[5 * p + q] / (1 + p * p + q * q) * Math.cos(Math.PI * p * x) * Math.cos(Math.PI * q * y);
                }
            }
            return v > 0 ? 12.0 : 3.0;
        });
    }

    @Test
    void manufacturedSolutionConvergesAtSecondOrderForBothAverages() {
        // a = 1 + 0.5 sin(2 pi x) cos(pi y), u = sin(pi x) sin(pi y) + x y + y^2 / 2 (nonzero boundary data),
        // f = -(a_x u_x + a_y u_y + a (u_xx + u_yy)).
        double pi = Math.PI;
        DoubleBinaryOperator a = (x, y) -> 1 + 0.5 * Math.sin(2 * pi * x) * Math.cos(pi * y);
        DoubleBinaryOperator u = (x, y) -> Math.sin(pi * x) * Math.sin(pi * y) + x * y + 0.5 * y * y;
        DoubleBinaryOperator f = (x, y) -> {
            double ax = pi * Math.cos(2 * pi * x) * Math.cos(pi * y);
            double ay = -0.5 * pi * Math.sin(2 * pi * x) * Math.sin(pi * y);
            double ux = pi * Math.cos(pi * x) * Math.sin(pi * y) + y;
            double uy = pi * Math.sin(pi * x) * Math.cos(pi * y) + x + y;
            double lap = -2 * pi * pi * Math.sin(pi * x) * Math.sin(pi * y) + 1;
            return -(ax * ux + ay * uy + a.applyAsDouble(x, y) * lap);
        };
        for (FaceAverage average : FaceAverage.values()) {
            ConvergenceCheck.assertSecondOrder("Darcy smooth a, " + average, new int[] {17, 33, 65, 129}, s -> {
                Grid2D grid = Grid2D.nodes(s, 1.0);
                double[] ue = sample(grid, u);
                double[] uh = new DarcySolver(grid, average).solve(sample(grid, a), sample(grid, f), ue);
                double e = 0;
                for (int k = 0; k < ue.length; k++) {
                    e = Math.max(e, Math.abs(uh[k] - ue[k]));
                }
                return e;
            });
        }
    }

    /**
     * Independent 1D reference: -(A_{i+1/2}(U_{i+1} - U_i) - A_{i-1/2}(U_i - U_{i-1})) / h^2 = F_i,
     * U_0 = left, U_{n-1} = right, by the Thomas algorithm.
     */
    private static double[] solve1d(double[] a, double[] f, double h, double left, double right, FaceAverage average) {
        int n = a.length;
        double[] u = new double[n];
        u[0] = left;
        u[n - 1] = right;
        int m = n - 2;
        double[] lower = new double[m];
        double[] diag = new double[m];
        double[] upper = new double[m];
        double[] rhs = new double[m];
        for (int k = 0; k < m; k++) {
            int i = k + 1;
            double aw = average == FaceAverage.ARITHMETIC
                    ? 0.5 * (a[i] + a[i - 1])
                    : 2 * a[i] * a[i - 1] / (a[i] + a[i - 1]);
            double ae = average == FaceAverage.ARITHMETIC
                    ? 0.5 * (a[i] + a[i + 1])
                    : 2 * a[i] * a[i + 1] / (a[i] + a[i + 1]);
            lower[k] = -aw / (h * h);
            upper[k] = -ae / (h * h);
            diag[k] = (aw + ae) / (h * h);
            rhs[k] = f[i];
        }
        rhs[0] -= lower[0] * left;
        rhs[m - 1] -= upper[m - 1] * right;
        for (int k = 1; k < m; k++) {
            double w = lower[k] / diag[k - 1];
            diag[k] -= w * upper[k - 1];
            rhs[k] -= w * rhs[k - 1];
        }
        u[m] = rhs[m - 1] / diag[m - 1];
        for (int k = m - 2; k >= 0; k--) {
            u[k + 1] = (rhs[k] - upper[k] * u[k + 2]) / diag[k];
        }
        return u;
    }

    @Test
    void layeredMediumEqualsIndependentOneDimensionalSolve() {
        // A coefficient that jumps (12 | 3) along one axis only, a source depending on that axis only,
        // and boundary data equal to the 1D discrete solution: the 2D discrete solution must be the
        // 1D solution on every grid line, to rounding (1e-12 relative). Done along x and along y on a
        // rectangular grid with nx != ny, so a swapped axis or a wrong face average fails.
        Grid2D grid = new Grid2D(41, 23, 1.0, 0.7, Layout.NODE);
        for (FaceAverage average : FaceAverage.values()) {
            for (int axis = 0; axis < 2; axis++) {
                int n = axis == 0 ? grid.nx() : grid.ny();
                double h = axis == 0 ? grid.dx() : grid.dy();
                double[] a1 = new double[n];
                double[] f1 = new double[n];
                for (int k = 0; k < n; k++) {
                    double t = k * h / (axis == 0 ? grid.lx() : grid.ly());
                    a1[k] = t < 0.37 ? 12.0 : 3.0;
                    f1[k] = 1 + 2 * t;
                }
                double[] ref = solve1d(a1, f1, h, 1.0, -0.5, average);
                double[] a = new double[grid.size()];
                double[] f = new double[grid.size()];
                double[] g = new double[grid.size()];
                for (int i = 0; i < grid.nx(); i++) {
                    for (int j = 0; j < grid.ny(); j++) {
                        int k = axis == 0 ? i : j;
                        a[grid.index(i, j)] = a1[k];
                        f[grid.index(i, j)] = f1[k];
                        g[grid.index(i, j)] = ref[k];
                    }
                }
                double[] u = new DarcySolver(grid, average).solve(a, f, g);
                double scale = maxAbs(ref);
                for (int i = 0; i < grid.nx(); i++) {
                    for (int j = 0; j < grid.ny(); j++) {
                        double expected = ref[axis == 0 ? i : j];
                        assertEquals(
                                expected,
                                u[grid.index(i, j)],
                                1e-12 * scale,
                                average + " axis " + axis + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void boundaryFluxBalancesTheSourceWithDiscontinuousPermeability() {
        // Discrete divergence theorem: summing the equations over all interior nodes, interior faces
        // cancel and sum_p f_p dx dy = sum over boundary faces of a_face (u_p - g_b) (dy/dx or dx/dy).
        // The flux is recomputed here from the face formulas; relative tolerance 1e-10 covers the
        // rounding of the solve (condition number ~ 1e4) summed over ~ 250 faces.
        Grid2D grid = new Grid2D(49, 37, 1.0, 0.75, Layout.NODE);
        double[] a = twoPhase(grid, 3);
        double[] f = sample(grid, (x, y) -> 1 + x * y);
        double[] g = sample(grid, (x, y) -> Math.sin(3 * x) * y);
        for (FaceAverage average : FaceAverage.values()) {
            double[] u = new DarcySolver(grid, average).solve(a, f, g);
            double dx = grid.dx();
            double dy = grid.dy();
            int nx = grid.nx();
            int ny = grid.ny();
            double source = 0;
            double flux = 0;
            for (int i = 1; i < nx - 1; i++) {
                for (int j = 1; j < ny - 1; j++) {
                    int p = grid.index(i, j);
                    source += f[p] * dx * dy;
                    int[][] neighbours = {{i - 1, j}, {i + 1, j}, {i, j - 1}, {i, j + 1}};
                    for (int[] q : neighbours) {
                        boolean onBoundary = q[0] == 0 || q[0] == nx - 1 || q[1] == 0 || q[1] == ny - 1;
                        if (onBoundary) {
                            int b = grid.index(q[0], q[1]);
                            double weight = q[0] != i ? dy / dx : dx / dy;
                            double face = average == FaceAverage.ARITHMETIC
                                    ? 0.5 * (a[p] + a[b])
                                    : 2 * a[p] * a[b] / (a[p] + a[b]);
                            flux += face * (u[p] - g[b]) * weight;
                        }
                    }
                }
            }
            assertEquals(
                    source,
                    flux,
                    1e-10 * Math.abs(source),
                    average + ": source " + source + " vs boundary flux " + flux);
        }
    }

    @Test
    void symmetricPermeabilityGivesSymmetricPressure() {
        // a symmetric under x <-> y and under x -> 1 - x, f = 1, g = 0: u inherits both symmetries.
        // The solve in nested-dissection order is not itself symmetric, so equality holds to rounding:
        // 1e-12 relative to max |u|.
        int s = 41;
        Grid2D grid = Grid2D.nodes(s, 1.0);
        double[] raw = twoPhase(grid, 5);
        double[] a = new double[grid.size()];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                // symmetrise: a(i, j) = max over the orbit of the symmetry group generated by both maps
                int mi = s - 1 - i;
                int mj = s - 1 - j;
                double v = Math.max(
                        Math.max(raw[grid.index(i, j)], raw[grid.index(j, i)]),
                        Math.max(
                                Math.max(raw[grid.index(mi, j)], raw[grid.index(j, mi)]),
                                Math.max(
                                        Math.max(raw[grid.index(i, mj)], raw[grid.index(mj, i)]),
                                        Math.max(raw[grid.index(mi, mj)], raw[grid.index(mj, mi)]))));
                a[grid.index(i, j)] = v;
            }
        }
        double[] u = new DarcySolver(grid).solve(a);
        double tol = 1e-12 * maxAbs(u);
        assertTrue(maxAbs(u) > 0);
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                assertEquals(u[grid.index(i, j)], u[grid.index(j, i)], tol, "transpose symmetry at " + i + "," + j);
                assertEquals(
                        u[grid.index(i, j)], u[grid.index(s - 1 - i, j)], tol, "mirror symmetry at " + i + "," + j);
            }
        }
    }

    @Test
    void residualOfTheSolutionVanishesAndReuseMatchesFreshSolver() {
        // Reusing one instance (locked symbolic factorisation) for a second coefficient must give the
        // same field as a fresh instance, and that field must satisfy the stencil equations.
        Grid2D grid = Grid2D.nodes(33, 2.0);
        DarcySolver reused = new DarcySolver(grid);
        reused.solve(twoPhase(grid, 1));
        double[] a2 = twoPhase(grid, 2);
        double[] u = reused.solve(a2);
        double[] fresh = new DarcySolver(grid).solve(a2);
        for (int k = 0; k < u.length; k++) {
            assertEquals(fresh[k], u[k], 1e-14 * maxAbs(fresh));
        }
        double[] ones = new double[grid.size()];
        Arrays.fill(ones, 1.0);
        double[] r = reused.residual(a2, u, ones);
        assertTrue(maxAbs(r) < 1e-10, "residual " + maxAbs(r));
        assertTrue(reused.lastTimings().factorNanos() > 0);
    }

    @Test
    void separateInstancesSolveConcurrently() throws Exception {
        Grid2D grid = Grid2D.nodes(33, 1.0);
        int tasks = 8;
        double[][] expected = new double[tasks][];
        for (int t = 0; t < tasks; t++) {
            expected[t] = new DarcySolver(grid).solve(twoPhase(grid, 100 + t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            ThreadLocal<DarcySolver> solvers = ThreadLocal.withInitial(() -> new DarcySolver(grid));
            @SuppressWarnings("unchecked")
            Future<double[]>[] results = new Future[tasks];
            for (int t = 0; t < tasks; t++) {
                long seed = 100 + t;
                results[t] = pool.submit(() -> solvers.get().solve(twoPhase(grid, seed)));
            }
            for (int t = 0; t < tasks; t++) {
                double[] u = results[t].get();
                for (int k = 0; k < u.length; k++) {
                    assertEquals(expected[t][k], u[k], 1e-14 * maxAbs(expected[t]));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsInvalidPermeabilityAndShapes() {
        Grid2D grid = Grid2D.nodes(9, 1.0);
        DarcySolver solver = new DarcySolver(grid);
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] a = new double[81];
            Arrays.fill(a, 1.0);
            a[grid.index(3, 4)] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> solver.solve(a));
            assertTrue(
                    e.getMessage().contains("positive and finite")
                            && e.getMessage().contains("i=3, j=4"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[80]));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        double[] ones = new double[81];
        Arrays.fill(ones, 1.0);
        assertThrows(IllegalArgumentException.class, () -> solver.solve(null));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(ones, new double[10]));
        double[] nanSource = ones.clone();
        nanSource[0] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> solver.solve(ones, nanSource));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(ones, ones, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new DarcySolver(Grid2D.periodic(8, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> new DarcySolver(grid, null));
    }
}
