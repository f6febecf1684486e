package org.pdeflow.inverse.observe;

import ai.djl.ndarray.NDArray;
import org.pdeflow.pde.grid.Grid2D;

/** Observes every grid value: {@code A = I}, m = nx ny, values in the grid's row-major order. */
public final class FullField implements ObservationOperator {

    private final Grid2D grid;

    /** The identity on fields of {@code grid}. */
    public FullField(Grid2D grid) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        this.grid = grid;
    }

    @Override
    public Grid2D grid() {
        return grid;
    }

    @Override
    public int size() {
        return grid.size();
    }

    @Override
    public void apply(double[] field, double[] out) {
        Checks.lengths(grid, size(), field, out);
        System.arraycopy(field, 0, out, 0, field.length);
    }

    @Override
    public void applyTranspose(double[] values, double[] out) {
        Checks.lengths(grid, size(), out, values);
        System.arraycopy(values, 0, out, 0, values.length);
    }

    @Override
    public NDArray apply(NDArray fields) {
        Checks.batch(grid, fields);
        return fields.reshape(fields.getShape().get(0), grid.size());
    }

    @Override
    public String description() {
        return "full field (" + grid.nx() + " x " + grid.ny() + ")";
    }
}
