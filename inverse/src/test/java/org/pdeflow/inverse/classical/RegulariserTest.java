package org.pdeflow.inverse.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.pde.grid.Grid2D;

class RegulariserTest {

    private static final Unknowns TWO_FIELDS =
            Unknowns.of(new FieldSpec("a", Grid2D.nodes(6, 1.0)), new FieldSpec("w", Grid2D.periodic(8, 2 * Math.PI)));

    /** Each penalty is a quadratic form: its gradient must match central differences exactly (to rounding). */
    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        for (Regulariser r : List.of(
                Regulariser.identity(TWO_FIELDS),
                Regulariser.gradient(TWO_FIELDS),
                Regulariser.laplacian(TWO_FIELDS))) {
            double[] v = new double[TWO_FIELDS.size()];
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
                d[i] = rng.nextGaussian();
            }
            double[] g = new double[v.length];
            r.addGradient(v, 2.0, g);
            double h = 1e-3;
            double[] p = v.clone();
            double[] m = v.clone();
            for (int i = 0; i < v.length; i++) {
                p[i] += h * d[i];
                m[i] -= h * d[i];
            }
            double fd = 2.0 * (r.value(p) - r.value(m)) / (2 * h);
            double ad = 0;
            for (int i = 0; i < v.length; i++) {
                ad += g[i] * d[i];
            }
            assertEquals(fd, ad, 1e-9 * Math.abs(fd), r.description());
        }
    }

    /**
     * On the node grid, v = x gives 1/2 ∫ |∇v|^2 = 1/2 exactly and the graph Laplacian of a linear field is 0
     * inside.
     */
    @Test
    void valuesApproximateIntegrals() {
        Grid2D grid = Grid2D.nodes(11, 1.0);
        Unknowns u = Unknowns.single("v", grid);
        double[] v = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                v[grid.index(i, j)] = grid.x(i);
            }
        }
        // Edges along x: nx - 1 per row, ny rows, each (h / h)^2 = 1, times cell area h^2:
        // 1/2 * 10 * 11 * 0.01 = 0.55 (the rectangle rule counts the 11 node rows of [0, 1]).
        assertEquals(0.55, Regulariser.gradient(u).value(v), 1e-12);
        // 1/2 ∫ 1 = 1/2 with 121 nodes of weight 0.01: 0.605 for v = 1.
        double[] one = new double[grid.size()];
        Arrays.fill(one, 1.0);
        assertEquals(0.605, Regulariser.identity(u).value(one), 1e-12);
        assertEquals(0.0, Regulariser.laplacian(u).value(one), 0.0);
    }
}
