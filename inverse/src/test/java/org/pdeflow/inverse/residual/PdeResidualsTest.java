package org.pdeflow.inverse.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.darcy.FaceAverage;
import org.pdeflow.pde.elliptic.HelmholtzSolver;
import org.pdeflow.pde.elliptic.PoissonSolver;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/** The DJL residuals against the pde solvers' own residual methods and solutions. */
class PdeResidualsTest {

    private static final Grid2D GRID = new Grid2D(17, 13, 1.0, 0.75, Layout.NODE);
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double[] field(SplittableRandom rng, double base, double spread) {
        double[] v = new double[GRID.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + spread * rng.nextDouble();
        }
        return v;
    }

    private static NDArray batch(DataType type, double[]... fields) {
        double[] flat = new double[fields.length * GRID.size()];
        for (int b = 0; b < fields.length; b++) {
            System.arraycopy(fields[b], 0, flat, b * GRID.size(), GRID.size());
        }
        return manager.create(flat, new Shape(fields.length, GRID.nx(), GRID.ny()))
                .toType(type, false);
    }

    /** Compares R (B, nx-2, ny-2) with -(pde residual) on the interior, member {@code b}. */
    private static double maxDeviation(NDArray r, int b, double[] pdeResidual) {
        double[] v = r.toType(DataType.FLOAT64, false).toDoubleArray();
        int mx = GRID.nx() - 2;
        int my = GRID.ny() - 2;
        double max = 0;
        for (int i = 1; i <= mx; i++) {
            for (int j = 1; j <= my; j++) {
                double mine = v[(b * mx + (i - 1)) * my + (j - 1)];
                max = Math.max(max, Math.abs(mine + pdeResidual[GRID.index(i, j)]));
            }
        }
        return max;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /**
     * Random (non-solution) fields: in float64 the DJL residual equals minus the pde residual to
     * round-off (1e-12 of the operator's scale |a||u|/h^2); in float32 to float32 precision (1e-5 of
     * that scale, the stencil subtracting numbers of size ~4|a||u|/h^2).
     */
    @ParameterizedTest
    @EnumSource(FaceAverage.class)
    void darcyEqualsMinusPdeResidual(FaceAverage average) {
        SplittableRandom rng = new SplittableRandom(1);
        double[] a1 = field(rng, 1, 11);
        double[] a2 = field(rng, 3, 1);
        double[] u1 = field(rng, -1, 2);
        double[] u2 = field(rng, 0, 1);
        double[] f = field(rng, 0, 5);
        DarcySolver solver = new DarcySolver(GRID, average);
        double[] r1 = solver.residual(a1, u1, f);
        double[] r2 = solver.residual(a2, u2, f);
        double scale = 12 * 2 / (GRID.dx() * GRID.dx());
        for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
            NDArray r = PdeResiduals.darcy(batch(type, a1, a2), batch(type, u1, u2), batch(type, f, f), GRID, average);
            assertEquals(new Shape(2, GRID.nx() - 2, GRID.ny() - 2), r.getShape());
            assertEquals(type, r.getDataType());
            double tol = (type == DataType.FLOAT64 ? 1e-12 : 1e-5) * scale;
            assertTrue(maxDeviation(r, 0, r1) < tol, type + " member 0: " + maxDeviation(r, 0, r1));
            assertTrue(maxDeviation(r, 1, r2) < tol, type + " member 1: " + maxDeviation(r, 1, r2));
        }
    }

    /** On the solver's own solution the residual is round-off: 1e-9 of |f| in float64. */
    @Test
    void darcyVanishesOnSolverSolution() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] a = field(rng, 3, 9);
        double[] f = field(rng, 0.5, 1);
        double[] u = new DarcySolver(GRID).solve(a, f);
        NDArray r = PdeResiduals.darcy(
                batch(DataType.FLOAT64, a),
                batch(DataType.FLOAT64, u),
                batch(DataType.FLOAT64, f).reshape(GRID.nx(), GRID.ny()),
                GRID);
        double max = maxAbs(r.toDoubleArray());
        assertTrue(max < 1e-9 * maxAbs(f), "residual on solution " + max);
    }

    @Test
    void poissonAndHelmholtzMatchPdeSolvers() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] f = field(rng, -1, 2);
        double[] g = field(rng, 0, 1);
        for (double k2 : new double[] {0.0, -1.0, 40.0}) {
            var solver = k2 == 0.0 ? new PoissonSolver(GRID) : new HelmholtzSolver(GRID, k2);
            double[] u = solver.solve(f, g);
            NDArray r = PdeResiduals.helmholtz(batch(DataType.FLOAT64, u), batch(DataType.FLOAT64, f), k2, GRID);
            assertTrue(maxAbs(r.toDoubleArray()) < 1e-9 * maxAbs(f), "k2 = " + k2 + " on solution");
            double[] v = field(rng, -1, 2);
            double[] pde = solver.residual(v, f);
            double scale = 4 * 2 / (GRID.dy() * GRID.dy());
            NDArray r64 = PdeResiduals.helmholtz(batch(DataType.FLOAT64, v), batch(DataType.FLOAT64, f), k2, GRID);
            assertTrue(maxDeviation(r64, 0, pde) < 1e-12 * scale);
            NDArray r32 = PdeResiduals.helmholtz(batch(DataType.FLOAT32, v), batch(DataType.FLOAT32, f), k2, GRID);
            assertTrue(maxDeviation(r32, 0, pde) < 1e-5 * scale, "float32 " + maxDeviation(r32, 0, pde));
            if (k2 == 0.0) {
                NDArray p = PdeResiduals.poisson(batch(DataType.FLOAT64, v), batch(DataType.FLOAT64, f), GRID);
                assertEquals(0.0, maxDeviation(p, 0, pde) - maxDeviation(r64, 0, pde), 0.0);
            }
        }
    }

    /**
     * The residual is linear in u for fixed a, so the gradient of 1/2 |R|^2 with respect to u is
     * A^T R; check it against a central difference (exact for a quadratic up to round-off).
     */
    @Test
    void differentiableWithRespectToBothFields() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] a = field(rng, 1, 2);
        double[] u = field(rng, 0, 1);
        double[] f = field(rng, 0, 1);
        double[] d = field(rng, -1, 2);
        NDArray aa = batch(DataType.FLOAT64, a);
        NDArray uu = batch(DataType.FLOAT64, u);
        NDArray ff = batch(DataType.FLOAT64, f);
        aa.setRequiresGradient(true);
        uu.setRequiresGradient(true);
        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
            NDArray r = PdeResiduals.darcy(aa, uu, ff, GRID);
            gc.backward(r.mul(r).sum().mul(0.5));
        }
        double[] gu = uu.getGradient().toDoubleArray();
        double[] ga = aa.getGradient().toDoubleArray();
        double h = 1e-4;
        for (int which = 0; which < 2; which++) {
            double[] base = which == 0 ? u : a;
            double[] plus = base.clone();
            double[] minus = base.clone();
            for (int i = 0; i < d.length; i++) {
                plus[i] += h * d[i];
                minus[i] -= h * d[i];
            }
            double jp = loss(which == 0 ? a : plus, which == 0 ? plus : u, f);
            double jm = loss(which == 0 ? a : minus, which == 0 ? minus : u, f);
            double fd = (jp - jm) / (2 * h);
            double[] g = which == 0 ? gu : ga;
            double ad = 0;
            for (int i = 0; i < d.length; i++) {
                ad += g[i] * d[i];
            }
            // The loss is quadratic in u (and in a): central differences are exact up to rounding,
            // ~1e-16 |J| / h with |J| ~ 1e6 here, i.e. 1e-6 absolute against |fd| ~ 1e6.
            assertEquals(fd, ad, 1e-8 * Math.abs(fd), (which == 0 ? "u" : "a") + " gradient");
        }
    }

    private static double loss(double[] a, double[] u, double[] f) {
        NDArray r = PdeResiduals.darcy(
                batch(DataType.FLOAT64, a), batch(DataType.FLOAT64, u), batch(DataType.FLOAT64, f), GRID);
        double[] v = r.toDoubleArray();
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return 0.5 * s;
    }
}
