package org.pdeflow.pde.elliptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

class NestedDissectionTest {

    @Test
    void orderIsAPermutation() {
        int[][] shapes = {{0, 0}, {0, 5}, {1, 1}, {1, 9}, {7, 3}, {4, 4}, {16, 16}, {33, 17}, {5, 40}};
        for (int[] shape : shapes) {
            int[] order = NestedDissection.order(shape[0], shape[1]);
            assertEquals(shape[0] * shape[1], order.length);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < sorted.length; k++) {
                assertEquals(k, sorted[k], "not a permutation for " + Arrays.toString(shape));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NestedDissection.order(-1, 3));
    }

    @Test
    void fillIsFarBelowTheBandedNaturalOrder() {
        // In natural row-major order the Cholesky factor of an m x m five-point matrix fills the whole
        // band: row k holds min(k, m) + 1 entries. Nested dissection must do much better; the factor
        // of 1/2 (m = 62) and 1/3 (m = 126) leaves room above the theoretical O(N log N) fill,
        // which measures at about 0.36 and 0.23 of the banded count.
        assertFillRatioBelow(64, 0.5);
        assertFillRatioBelow(128, 1.0 / 3.0);
    }

    private static void assertFillRatioBelow(int s, double bound) {
        Grid2D grid = Grid2D.nodes(s, 1.0);
        FivePointSystem system = new FivePointSystem(grid, FivePointSystem.Storage.UPPER);
        double[] face = new double[grid.size()];
        Arrays.fill(face, 1.0);
        system.assemble(face, face, 0.0);
        SparseFactorization chol = SparseFactorization.cholesky();
        chol.factor(system.matrix());
        int m = s - 2;
        long banded = 0;
        for (int k = 0; k < m * m; k++) {
            banded += Math.min(k, m) + 1;
        }
        double ratio = chol.factorEntries() / (double) banded;
        assertTrue(ratio < bound, "nnz(L) ratio nested dissection / banded = " + ratio + " at s = " + s);
    }
}
