package org.pdeflow.inverse.observe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Observes every k-th grid node along both axes starting from node 0: nodes
 * {@code (i, j) = (p k, q k)} for {@code p k < nx}, {@code q k < ny}, in C order (p outer). This is
 * NumPy's / PyTorch's {@code u[::k, ::k]}, the observation of InverseBench's Navier-Stokes task
 * (Zheng et al. 2025, k in {2, 4, 8}). m = ceil(nx / k) ceil(ny / k).
 */
public final class GridSubsampling implements ObservationOperator {

    private final Grid2D grid;
    private final int factor;
    private final int rows;
    private final int columns;

    /**
     * @param grid the grid of the observed field
     * @param factor the stride k &gt;= 1 (1 observes every node)
     */
    public GridSubsampling(Grid2D grid, int factor) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        if (factor < 1) {
            throw new IllegalArgumentException("subsampling factor must be >= 1, got " + factor);
        }
        this.grid = grid;
        this.factor = factor;
        this.rows = (grid.nx() + factor - 1) / factor;
        this.columns = (grid.ny() + factor - 1) / factor;
    }

    /** The stride k. */
    public int factor() {
        return factor;
    }

    /** Observed nodes along x, ceil(nx / k). */
    public int rows() {
        return rows;
    }

    /** Observed nodes along y, ceil(ny / k). */
    public int columns() {
        return columns;
    }

    @Override
    public Grid2D grid() {
        return grid;
    }

    @Override
    public int size() {
        return rows * columns;
    }

    @Override
    public void apply(double[] field, double[] out) {
        Checks.lengths(grid, size(), field, out);
        int ny = grid.ny();
        int k = 0;
        for (int p = 0; p < rows; p++) {
            int row = p * factor * ny;
            for (int q = 0; q < columns; q++) {
                out[k++] = field[row + q * factor];
            }
        }
    }

    @Override
    public void applyTranspose(double[] values, double[] out) {
        Checks.lengths(grid, size(), out, values);
        Arrays.fill(out, 0.0);
        int ny = grid.ny();
        int k = 0;
        for (int p = 0; p < rows; p++) {
            int row = p * factor * ny;
            for (int q = 0; q < columns; q++) {
                out[row + q * factor] = values[k++];
            }
        }
    }

    @Override
    public NDArray apply(NDArray fields) {
        Checks.batch(grid, fields);
        NDArray picked = fields.get(new NDIndex(":, ::" + factor + ", ::" + factor));
        return picked.reshape(fields.getShape().get(0), size());
    }

    @Override
    public String description() {
        return "every " + factor + (factor == 1 ? "st" : factor == 2 ? "nd" : factor == 3 ? "rd" : "th") + " node ("
                + rows + " x " + columns + " of " + grid.nx() + " x " + grid.ny() + ")";
    }
}
