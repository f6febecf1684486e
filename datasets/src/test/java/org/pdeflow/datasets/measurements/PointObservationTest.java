package org.pdeflow.datasets.measurements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class PointObservationTest {

    /** A non-square grid with different spacings along x and y. */
    private static Grid2D grid(Layout layout) {
        return new Grid2D(7, 5, 2.0, 1.3, layout);
    }

    private static double bilinear(double x, double y) {
        return 0.7 - 1.9 * x + 2.3 * y + 1.1 * x * y;
    }

    private static double[] sample(Grid2D g) {
        double[] u = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                u[g.index(i, j)] = bilinear(g.x(i), g.y(j));
            }
        }
        return u;
    }

    @ParameterizedTest
    @EnumSource(
            value = Layout.class,
            names = {"NODE", "CELL"})
    void reproducesBilinearFunctionsAnywhereInTheDomain(Layout layout) {
        Grid2D g = grid(layout);
        Random rnd = new Random(11);
        int m = 500;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int k = 0; k < m; k++) {
            x[k] = rnd.nextDouble() * g.lx();
            y[k] = rnd.nextDouble() * g.ly();
        }
        // The corners and walls too: for CELL they lie in the extrapolation bands.
        x[0] = 0;
        y[0] = 0;
        x[1] = g.lx();
        y[1] = g.ly();
        x[2] = 0;
        y[2] = g.ly();
        double[] got = PointObservation.of(g, x, y).apply(sample(g));
        for (int k = 0; k < m; k++) {
            // Bilinear interpolation is exact for a + bx + cy + dxy; what remains is rounding
            // in the weights and the sums, a few ulps of values of order 10.
            assertEquals(bilinear(x[k], y[k]), got[k], 1e-13, "point " + k);
        }
    }

    @Test
    void reproducesBilinearFunctionsInPeriodicCellsThatDoNotWrap() {
        Grid2D g = grid(Layout.PERIODIC);
        Random rnd = new Random(12);
        int m = 500;
        double[] x = new double[m];
        double[] y = new double[m];
        for (int k = 0; k < m; k++) {
            x[k] = rnd.nextDouble() * g.x(g.nx() - 1);
            y[k] = rnd.nextDouble() * g.y(g.ny() - 1);
        }
        double[] got = PointObservation.of(g, x, y).apply(sample(g));
        for (int k = 0; k < m; k++) {
            assertEquals(bilinear(x[k], y[k]), got[k], 1e-13, "point " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void exactAtGridPoints(Layout layout) {
        Grid2D g = grid(layout);
        double[] x = new double[g.size()];
        double[] y = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                x[g.index(i, j)] = g.x(i);
                y[g.index(i, j)] = g.y(j);
            }
        }
        double[] u = new Random(5).doubles(g.size(), -1, 1).toArray();
        double[] got = PointObservation.of(g, x, y).apply(u);
        for (int k = 0; k < u.length; k++) {
            assertEquals(u[k], got[k], 0.0, "node " + k); // weights (1, 0, 0, 0): no rounding at all
        }
    }

    @Test
    void periodicCellAcrossTheBoundaryWrapsToTheFirstNode() {
        Grid2D g = grid(Layout.PERIODIC);
        double[] u = new Random(6).doubles(g.size(), -1, 1).toArray();
        double hx = g.dx();
        double hy = g.dy();
        int nx = g.nx();
        int ny = g.ny();
        double[] x = {g.lx() - hx / 4, g.lx(), g.lx() - hx / 2, g.x(2)};
        double[] y = {g.y(3), g.y(1), g.ly() - hy / 2, g.ly()};
        double[] got = PointObservation.of(g, x, y).apply(u);
        // Independent hand-written linear interpolation on the periodic extension u(x + L) = u(x).
        assertEquals(0.25 * u[g.index(nx - 1, 3)] + 0.75 * u[g.index(0, 3)], got[0], 1e-15);
        assertEquals(u[g.index(0, 1)], got[1], 0.0);
        double corner =
                0.25 * (u[g.index(nx - 1, ny - 1)] + u[g.index(nx - 1, 0)] + u[g.index(0, ny - 1)] + u[g.index(0, 0)]);
        assertEquals(corner, got[2], 1e-15);
        assertEquals(u[g.index(2, 0)], got[3], 0.0);
    }

    @Test
    void cellLayoutExtrapolatesLinearlyInTheWallBand() {
        Grid2D g = new Grid2D(4, 1, 1.0, 1.0, Layout.CELL);
        double[] u = {1, 3, 4, 10};
        double[] got = PointObservation.of(g, new double[] {0, 0.125, 1}, new double[] {0.5, 0, 1})
                .apply(u);
        // Line through (0.125, 1) and (0.375, 3) at x = 0 is 0; through (0.625, 4), (0.875, 10) at x = 1 is 13.
        // A single cell along y makes the field constant along y.
        assertEquals(0, got[0], 1e-15);
        assertEquals(1, got[1], 0.0);
        assertEquals(13, got[2], 1e-14);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void transposeIsTheAdjoint(Layout layout) {
        Grid2D g = grid(layout);
        Random rnd = new Random(8);
        int m = 40;
        double[] x = rnd.doubles(m, 0, g.lx()).toArray();
        double[] y = rnd.doubles(m, 0, g.ly()).toArray();
        x[0] = g.lx();
        y[0] = g.ly();
        PointObservation a = PointObservation.of(g, x, y);
        for (int trial = 0; trial < 20; trial++) {
            double[] u = rnd.doubles(g.size(), -1, 1).toArray();
            double[] r = rnd.doubles(m, -1, 1).toArray();
            double[] au = a.apply(u);
            double[] atr = rnd.doubles(g.size()).toArray(); // garbage: applyTranspose must overwrite it
            a.applyTranspose(r, atr);
            double lhs = 0;
            for (int k = 0; k < m; k++) {
                lhs += au[k] * r[k];
            }
            double rhs = 0;
            for (int k = 0; k < u.length; k++) {
                rhs += u[k] * atr[k];
            }
            // Both sides sum the same m * 4 products in a different order: agreement to rounding.
            assertEquals(lhs, rhs, 1e-12);
        }
    }

    /**
     * The exposed stencils are the operator: sum over the 4 entries of a point of weight times node
     * value is apply's result bit for bit, the weights of a point sum to 1, and they are copies.
     * Grids with a single point along an axis (CELL, PERIODIC) repeat nodes.
     */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void stencilsAreTheOperator(Layout layout) {
        List<Grid2D> grids = layout == Layout.NODE
                ? List.of(grid(layout))
                : List.of(grid(layout), new Grid2D(1, 4, 2.0, 1.3, layout), new Grid2D(5, 1, 2.0, 1.3, layout));
        for (Grid2D g : grids) {
            Random rnd = new Random(12);
            int m = 30;
            double[] x = rnd.doubles(m, 0, g.lx()).toArray();
            double[] y = rnd.doubles(m, 0, g.ly()).toArray();
            x[0] = g.lx();
            y[0] = g.ly();
            x[1] = 0;
            y[1] = 0;
            PointObservation a = PointObservation.of(g, x, y);
            int[] nodes = a.nodes();
            double[] w = a.weights();
            assertEquals(4 * m, nodes.length);
            assertEquals(4 * m, w.length);
            double[] u = rnd.doubles(g.size(), -1, 1).toArray();
            double[] au = a.apply(u);
            for (int k = 0; k < m; k++) {
                int b = 4 * k;
                double sum = w[b] * u[nodes[b]]
                        + w[b + 1] * u[nodes[b + 1]]
                        + w[b + 2] * u[nodes[b + 2]]
                        + w[b + 3] * u[nodes[b + 3]];
                assertEquals(au[k], sum, 0.0, layout + " point " + k);
                assertEquals(1.0, w[b] + w[b + 1] + w[b + 2] + w[b + 3], 1e-14, layout + " point " + k);
            }
            nodes[0] = -1;
            w[0] = Double.NaN;
            assertArrayEquals(au, a.apply(u), 0.0, "the accessors return copies");
        }
    }

    @Test
    void argumentsAreChecked() {
        Grid2D g = grid(Layout.NODE);
        assertThrows(
                IllegalArgumentException.class, () -> PointObservation.of(g, new double[] {2.0001}, new double[] {0}));
        assertThrows(
                IllegalArgumentException.class,
                () -> PointObservation.of(g, new double[] {Double.NaN}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> PointObservation.of(g, new double[] {1}, new double[] {}));
        PointObservation a = PointObservation.of(g, new double[] {1}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> a.apply(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> a.applyTranspose(new double[2], new double[g.size()]));
        assertEquals(1, a.size());
    }
}
