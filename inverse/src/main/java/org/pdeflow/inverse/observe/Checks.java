package org.pdeflow.inverse.observe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.pde.grid.Grid2D;

/** Argument checks shared by the observation operators. */
final class Checks {

    private Checks() {}

    static void lengths(Grid2D grid, int m, double[] field, double[] values) {
        if (field == null || field.length != grid.size()) {
            throw new IllegalArgumentException("field must have " + grid.size() + " values (" + grid.nx() + " x "
                    + grid.ny() + ", row-major, x first), got " + (field == null ? "null" : field.length));
        }
        if (values == null || values.length != m) {
            throw new IllegalArgumentException(
                    "observation vector must have " + m + " values, got " + (values == null ? "null" : values.length));
        }
    }

    static void batch(Grid2D grid, NDArray fields) {
        Shape s = fields.getShape();
        if (s.dimension() != 3 || s.get(1) != grid.nx() || s.get(2) != grid.ny()) {
            throw new IllegalArgumentException(
                    "fields must have shape (B, " + grid.nx() + ", " + grid.ny() + "), got " + s);
        }
    }
}
