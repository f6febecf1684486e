package org.pdeflow.pde.elliptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class FivePointSystemTest {

    private static final Grid2D GRID = new Grid2D(13, 9, 1.2, 0.8, Layout.NODE);

    private static double[] random(int n, Random rnd, double lo, double hi) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }

    /** y = A x from a CSC matrix, expanding the upper triangle when {@code upperOnly}. */
    private static double[] multiply(DMatrixSparseCSC a, double[] x, boolean upperOnly) {
        double[] y = new double[a.numRows];
        for (int c = 0; c < a.numCols; c++) {
            for (int p = a.col_idx[c]; p < a.col_idx[c + 1]; p++) {
                int r = a.nz_rows[p];
                double v = a.nz_values[p];
                y[r] += v * x[c];
                if (upperOnly && r != c) {
                    y[c] += v * x[r];
                }
                if (upperOnly) {
                    assertTrue(r <= c, "upper storage holds an entry below the diagonal");
                }
            }
        }
        return y;
    }

    @Test
    void matrixActsLikeTheStencil() {
        // The matrix (in nested-dissection numbering) applied to the interior values of a field with
        // zero boundary must equal the stencil evaluated directly on the grid: -residual with f = 0.
        // Both storages. Tolerance: a few ulps of the largest term (coefficients up to ~ 1e3).
        Random rnd = new Random(7);
        double[] faceX = random(GRID.size(), rnd, 0.5, 20);
        double[] faceY = random(GRID.size(), rnd, 0.5, 20);
        double shift = -3.7;
        for (FivePointSystem.Storage storage : FivePointSystem.Storage.values()) {
            FivePointSystem system = new FivePointSystem(GRID, storage);
            system.assemble(faceX, faceY, shift);
            double[] x = random(system.unknowns(), rnd, -1, 1);
            double[] u = new double[GRID.size()];
            system.scatter(x, null, u);
            double[] r = new double[GRID.size()];
            system.residual(faceX, faceY, shift, u, new double[GRID.size()], r);
            double[] ax = multiply(system.matrix(), x, storage == FivePointSystem.Storage.UPPER);
            for (int i = 1; i < GRID.nx() - 1; i++) {
                for (int j = 1; j < GRID.ny() - 1; j++) {
                    assertEquals(
                            -r[GRID.index(i, j)], ax[system.position(i, j)], 1e-12, storage + " at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void rightHandSideCarriesTheBoundaryTerms() {
        // For any field u, A u_interior = f - residual with the boundary moved to the right: so
        // b(f, g) - A x must equal the stencil residual r computed on the full field.
        Random rnd = new Random(11);
        double[] faceX = random(GRID.size(), rnd, 0.5, 20);
        double[] faceY = random(GRID.size(), rnd, 0.5, 20);
        double[] u = random(GRID.size(), rnd, -1, 1);
        double[] f = random(GRID.size(), rnd, -5, 5);
        FivePointSystem system = new FivePointSystem(GRID, FivePointSystem.Storage.FULL);
        system.assemble(faceX, faceY, 0.0);
        double[] b = new double[system.unknowns()];
        system.rightHandSide(f, u, faceX, faceY, b);
        double[] x = new double[system.unknowns()];
        for (int i = 1; i < GRID.nx() - 1; i++) {
            for (int j = 1; j < GRID.ny() - 1; j++) {
                x[system.position(i, j)] = u[GRID.index(i, j)];
            }
        }
        double[] ax = multiply(system.matrix(), x, false);
        double[] r = new double[GRID.size()];
        system.residual(faceX, faceY, 0.0, u, f, r);
        for (int i = 1; i < GRID.nx() - 1; i++) {
            for (int j = 1; j < GRID.ny() - 1; j++) {
                int p = system.position(i, j);
                assertEquals(r[GRID.index(i, j)], b[p] - ax[p], 1e-11);
            }
        }
        double[] back = new double[GRID.size()];
        system.scatter(x, u, back);
        for (int k = 0; k < back.length; k++) {
            assertEquals(u[k], back[k], 0.0);
        }
    }

    @Test
    void rejectsWrongShapes() {
        FivePointSystem system = new FivePointSystem(GRID, FivePointSystem.Storage.UPPER);
        assertThrows(IllegalArgumentException.class, () -> system.assemble(new double[3], new double[GRID.size()], 0));
        assertThrows(IllegalArgumentException.class, () -> system.position(0, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new FivePointSystem(new Grid2D(5, 5, 1, 1, Layout.CELL), FivePointSystem.Storage.UPPER));
    }
}
