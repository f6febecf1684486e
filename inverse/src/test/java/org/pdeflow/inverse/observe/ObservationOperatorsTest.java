package org.pdeflow.inverse.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.measurements.Reading;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class ObservationOperatorsTest {

    private static final Grid2D GRID = new Grid2D(9, 7, 2.0, 1.5, Layout.NODE);

    private static double[] randomField(SplittableRandom rng) {
        double[] u = new double[GRID.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        return u;
    }

    private static List<ObservationOperator> operators() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[11];
        double[] y = new double[11];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble() * GRID.lx();
            y[k] = rng.nextDouble() * GRID.ly();
        }
        return List.of(
                new FullField(GRID),
                new GridSubsampling(GRID, 1),
                new GridSubsampling(GRID, 2),
                new GridSubsampling(GRID, 4),
                PointSampling.of(GRID, x, y));
    }

    /** Numpy's u[::k, ::k] from node 0, in C order: picks (0,0), (0,k), ..., (k,0), ... */
    @Test
    void subsamplingPicksEveryKthNodeFromZero() {
        double[] u = new double[GRID.size()];
        for (int i = 0; i < GRID.nx(); i++) {
            for (int j = 0; j < GRID.ny(); j++) {
                u[GRID.index(i, j)] = 100 * i + j;
            }
        }
        GridSubsampling s = new GridSubsampling(GRID, 3);
        assertEquals(3, s.rows());
        assertEquals(3, s.columns());
        assertArrayEquals(new double[] {0, 3, 6, 300, 303, 306, 600, 603, 606}, s.apply(u), 0.0);
    }

    /** <A u, v> = <u, A^T v> for every operator (exact up to rounding of the sums). */
    @Test
    void transposeIsTheAdjoint() {
        SplittableRandom rng = new SplittableRandom(2);
        for (ObservationOperator op : operators()) {
            double[] u = randomField(rng);
            double[] v = new double[op.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = rng.nextGaussian();
            }
            double[] au = op.apply(u);
            double[] atv = new double[GRID.size()];
            op.applyTranspose(v, atv);
            double left = 0;
            double right = 0;
            for (int k = 0; k < v.length; k++) {
                left += au[k] * v[k];
            }
            for (int i = 0; i < u.length; i++) {
                right += u[i] * atv[i];
            }
            assertEquals(left, right, 1e-12 * (1 + Math.abs(left)), op.description());
        }
    }

    /**
     * The DJL path equals the double path (float64 arrays: to round-off; float32: to 1e-6) and its
     * autograd gradient of <w, A u> is A^T w.
     */
    @Test
    void tensorApplyMatchesAndIsDifferentiable() {
        SplittableRandom rng = new SplittableRandom(3);
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            for (ObservationOperator op : operators()) {
                double[] u1 = randomField(rng);
                double[] u2 = randomField(rng);
                double[] flat = new double[2 * GRID.size()];
                System.arraycopy(u1, 0, flat, 0, u1.length);
                System.arraycopy(u2, 0, flat, u1.length, u2.length);
                NDArray fields = manager.create(flat, new Shape(2, GRID.nx(), GRID.ny()));
                NDArray out = op.apply(fields);
                assertEquals(new Shape(2, op.size()), out.getShape(), op.description());
                double[] got = out.toDoubleArray();
                double[] e1 = op.apply(u1);
                double[] e2 = op.apply(u2);
                for (int k = 0; k < op.size(); k++) {
                    assertEquals(e1[k], got[k], 1e-12, op.description());
                    assertEquals(e2[k], got[op.size() + k], 1e-12, op.description());
                }
                NDArray f32 = fields.toType(DataType.FLOAT32, false);
                f32.setRequiresGradient(true);
                double[] w = new double[op.size()];
                for (int k = 0; k < w.length; k++) {
                    w[k] = rng.nextGaussian();
                }
                try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                    NDArray y = op.apply(f32);
                    assertEquals(e1[0], y.getFloat(0, 0), 1e-5 * (1 + Math.abs(e1[0])));
                    NDArray weights =
                            manager.create(w).toType(DataType.FLOAT32, false).reshape(1, w.length);
                    gc.backward(y.mul(weights).sum());
                }
                double[] grad =
                        f32.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] expected = new double[GRID.size()];
                op.applyTranspose(w, expected);
                for (int i = 0; i < GRID.size(); i++) {
                    assertEquals(expected[i], grad[i], 1e-5, op.description() + " gradient, member 0");
                    assertEquals(expected[i], grad[GRID.size() + i], 1e-5, op.description() + " gradient, member 1");
                }
            }
        }
    }

    /** One axis of an independent bilinear interpolation: bracketing node indices and the weight of the second. */
    private record Bracket(int lower, int upper, double t) {}

    /**
     * Brackets coordinate c between grid coordinates found by search (not by dividing by the
     * spacing): the last node at or left of c, clamped so that a node grid uses its last cell at
     * the right end and a cell grid extrapolates from its outer cells in the wall bands; a
     * periodic axis wraps from node n-1 to node 0 at x = L.
     */
    private static Bracket bracket(int n, IntToDoubleFunction coordinate, double length, Layout layout, double c) {
        if (n == 1) {
            return new Bracket(0, 0, 0.0);
        }
        int last = layout == Layout.PERIODIC ? n - 1 : n - 2;
        int i = 0;
        while (i < last && coordinate.applyAsDouble(i + 1) <= c) {
            i++;
        }
        boolean wraps = layout == Layout.PERIODIC && i == n - 1;
        double right = wraps ? length : coordinate.applyAsDouble(i + 1);
        double left = coordinate.applyAsDouble(i);
        return new Bracket(i, wraps ? 0 : i + 1, (c - left) / (right - left));
    }

    private static double bilinear(Grid2D g, double[] u, double x, double y) {
        Bracket bx = bracket(g.nx(), g::x, g.lx(), g.layout(), x);
        Bracket by = bracket(g.ny(), g::y, g.ly(), g.layout(), y);
        return (1 - bx.t()) * (1 - by.t()) * u[g.index(bx.lower(), by.lower())]
                + (1 - bx.t()) * by.t() * u[g.index(bx.lower(), by.upper())]
                + bx.t() * (1 - by.t()) * u[g.index(bx.upper(), by.lower())]
                + bx.t() * by.t() * u[g.index(bx.upper(), by.upper())];
    }

    /**
     * PointSampling is bilinear interpolation, whatever the layout: its double and tensor (float64)
     * views agree to round-off with an independent bilinear computation at random points, the
     * corners, the walls and a node, and both views are adjoint to its transpose,
     * {@code <A u, v> = <u, A^T v>}.
     */
    @Test
    void pointSamplingIsBilinearInterpolation() {
        SplittableRandom rng = new SplittableRandom(6);
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            for (Layout layout : Layout.values()) {
                Grid2D g = new Grid2D(9, 7, 2.0, 1.5, layout);
                int m = 12;
                double[] x = new double[m];
                double[] y = new double[m];
                for (int k = 0; k < m; k++) {
                    x[k] = rng.nextDouble() * g.lx();
                    y[k] = rng.nextDouble() * g.ly();
                }
                x[0] = 0;
                y[0] = 0;
                x[1] = g.lx();
                y[1] = g.ly();
                x[2] = g.lx();
                y[2] = 0.3;
                x[3] = g.x(3);
                y[3] = g.y(5);
                PointSampling op = PointSampling.of(g, x, y);
                double[] u = new double[g.size()];
                for (int i = 0; i < u.length; i++) {
                    u[i] = rng.nextGaussian();
                }
                double[] viaDoubles = op.apply(u);
                double[] viaTensor = op.apply(manager.create(u, new Shape(1, g.nx(), g.ny())))
                        .toDoubleArray();
                for (int k = 0; k < m; k++) {
                    double expected = bilinear(g, u, x[k], y[k]);
                    assertEquals(expected, viaDoubles[k], 1e-12, layout + " point " + k);
                    assertEquals(expected, viaTensor[k], 1e-12, layout + " point " + k + ", tensor view");
                }
                double[] v = new double[m];
                for (int k = 0; k < m; k++) {
                    v[k] = rng.nextGaussian();
                }
                double[] atv = new double[g.size()];
                op.applyTranspose(v, atv);
                double right = 0;
                for (int i = 0; i < u.length; i++) {
                    right += u[i] * atv[i];
                }
                double left = 0;
                double leftTensor = 0;
                for (int k = 0; k < m; k++) {
                    left += viaDoubles[k] * v[k];
                    leftTensor += viaTensor[k] * v[k];
                }
                assertEquals(left, right, 1e-12, layout + ": <A u, v> = <u, A^T v>");
                assertEquals(leftTensor, right, 1e-12, layout + ": tensor view, <A u, v> = <u, A^T v>");
            }
        }
    }

    /** Readings from a measurement file: operator in the readings' order, data and sigmas along. */
    @Test
    void pointsFromMeasurements() {
        Measurements m = new Measurements(
                null,
                List.of(
                        Reading.steady(0.25 * GRID.lx(), 0.5 * GRID.ly(), 1.5, 0.1, "u"),
                        Reading.steady(GRID.x(2), GRID.y(3), -0.5, 0.2, "u")));
        PointSampling op = PointSampling.of(GRID, m);
        Observations obs = Observations.of(m);
        assertEquals(2, op.size());
        assertArrayEquals(new double[] {1.5, -0.5}, obs.values(), 0.0);
        assertArrayEquals(new double[] {0.1, 0.2}, obs.sigma(), 0.0);
        double[] u = randomField(new SplittableRandom(4));
        assertEquals(u[GRID.index(2, 3)], op.apply(u)[1], 1e-15, "a reading on a node returns the node value");
        double[] pred = {1.0, 0.0};
        // 1/2 ((1 - 1.5)/0.1)^2 + 1/2 ((0 + 0.5)/0.2)^2 = 12.5 + 3.125
        assertEquals(15.625, obs.misfit(pred), 1e-12);
        assertArrayEquals(new double[] {-50, 12.5}, obs.misfitGradient(pred), 1e-12);
        Measurements two = new Measurements(
                null, List.of(Reading.steady(0.1, 0.1, 1, 0.1, "u"), Reading.steady(0.1, 0.1, 1, 0.1, "a")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointSampling.of(GRID, two));
        assertTrue(e.getMessage().contains("forField"), e.getMessage());
    }
}
